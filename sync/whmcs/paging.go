package whmcs

import "iter"

// page is one offset page of a WHMCS list action.
type page[T any] struct {
	items    []T
	returned int   // rows counted on the page (WHMCS 7.8 reports the full count as numreturned for GetInvoices)
	total    int64 // totalresults; 0 when WHMCS gave none
}

// paged walks a WHMCS list newest first, page after page. WHMCS pages by
// offset and has no cursor, so the list can move under the scan:
//   - a record created during the scan lands on top and pushes the rest one
//     place later, so a page repeats a record: each id is yielded once;
//   - a record deleted (or moved out of the filter) above the scan pulls the
//     rest one place earlier, so a page would skip one. Records are only ever
//     added on top, so the rest can move earlier by at most the drop in
//     totalresults between two pages: when it drops, the page is read again
//     that many places earlier before anything of it is yielded, keeping the
//     order newest first. A page is read again at most twice from the same
//     place, so a server whose totalresults wanders cannot keep the scan
//     going round for ever.
//
// A consumer that stops early stops the paging; after an error nothing more
// is yielded. single is true when the filter can match one record only, so
// one page is all there is.
func paged[T any](pageSize int, single bool, id func(T) int64, fetch func(offset int) (page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		seen := make(map[int64]struct{})
		offset := 0
		var total int64                // totalresults of the previous page
		stepsBack := make(map[int]int) // by the offset stepped back from
		for {
			p, err := fetch(offset)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if shrunk := total - p.total; offset > 0 && p.total > 0 && shrunk > 0 && stepsBack[offset] < 2 {
				stepsBack[offset]++
				total = p.total
				offset = max(0, offset-int(shrunk))
				continue
			}
			if p.total > 0 {
				total = p.total
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
