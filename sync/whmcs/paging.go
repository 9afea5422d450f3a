package whmcs

import "iter"

// page is one offset page of a WHMCS list action.
type page[T any] struct {
	items    []T
	returned int   // rows counted on the page (WHMCS 7.8 reports the full count as numreturned for GetInvoices)
	total    int64 // totalresults; 0 when WHMCS gave none
}

// paged walks a WHMCS list newest first, page after page. WHMCS pages by
// offset, so a record created during the scan shifts later pages; each
// record (by id) is yielded once. A consumer that stops early stops the
// paging; after an error nothing more is yielded. single is true when the
// filter can match one record only, so one page is all there is.
func paged[T any](pageSize int, single bool, id func(T) int64, fetch func(offset int) (page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		seen := make(map[int64]struct{})
		offset := 0
		for {
			p, err := fetch(offset)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			fresh := 0
			for _, it := range p.items {
				if _, dup := seen[id(it)]; dup {
					continue
				}
				seen[id(it)] = struct{}{}
				fresh++
				if !yield(it, nil) {
					return
				}
			}
			offset += p.returned
			switch {
			case p.returned < pageSize, single:
				return
			case p.total > 0 && int64(offset) >= p.total:
				return
			case p.total <= 0 && fresh == 0:
				// No count and nothing new: a server ignoring limitstart.
				return
			}
		}
	}
}
