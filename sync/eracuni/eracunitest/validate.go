package eracunitest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/sync/eracuni"
)

// validateDocument checks a sales order or a sales invoice with the rules
// the double knows, answering with the description e-računi would give, or
// "" when the document is acceptable: param is the object's name, itemType
// the data type e-računi names its items by. The read-only position error
// and "This field is required" are real texts; the wording of the other
// messages is the double's own.
func (s *Server) validateDocument(param, itemType string, order map[string]any) string {
	items, isList := order[eracuni.FieldItems].([]any)
	if _, present := order[eracuni.FieldItems]; present && !isList {
		return s.parseFailure(param, fmt.Sprintf("Property #%s must be an array", eracuni.FieldItems))
	}
	for _, it := range items {
		item, ok := it.(map[string]any)
		if !ok {
			return s.parseFailure(param, fmt.Sprintf("Items of #%s must be objects", eracuni.FieldItems))
		}
		// The real service refuses to parse the request at all.
		if _, ok := item[eracuni.ItemPosition]; ok {
			return s.parseFailure(param, fmt.Sprintf("Read-only property #%s for data type #%s must not be specified", eracuni.ItemPosition, itemType))
		}
	}

	var problems []string
	if name, _ := order[eracuni.FieldBuyerName].(string); strings.TrimSpace(name) == "" {
		problems = append(problems, "#"+eracuni.FieldBuyerName+" - This field is required")
	}
	if date, ok := order[eracuni.FieldDate].(string); ok && !isDate(date) {
		problems = append(problems, fmt.Sprintf("#%s - Invalid date %q, expected format yyyy-MM-dd", eracuni.FieldDate, date))
	}
	if len(items) == 0 {
		problems = append(problems, "#"+eracuni.FieldItems+" - Document must contain at least one item")
	}
	for i, it := range items {
		item := it.(map[string]any)
		if d, _ := item[eracuni.ItemDescription].(string); strings.TrimSpace(d) == "" {
			problems = append(problems, fmt.Sprintf("#%s - This field is required (item %d)", eracuni.ItemDescription, i+1))
		}
		for _, k := range []string{eracuni.ItemQuantity, eracuni.ItemNetPrice, eracuni.ItemGrossPrice, eracuni.ItemVATPercentage} {
			if v, ok := item[k]; ok && !isNumber(v) {
				problems = append(problems, fmt.Sprintf("#%s - Invalid number %v (item %d)", k, v, i+1))
			}
		}
	}
	if code, ok := order[eracuni.FieldWarehouse].(string); ok && len(s.cfg.Warehouses) > 0 && !slices.Contains(s.cfg.Warehouses, code) {
		problems = append(problems, fmt.Sprintf("#%s - Warehouse with code %q does not exist", eracuni.FieldWarehouse, code))
	}
	if code, ok := order[eracuni.FieldCostCentre].(string); ok && len(s.cfg.CostCentres) > 0 && !slices.Contains(s.cfg.CostCentres, code) {
		problems = append(problems, fmt.Sprintf("#%s - Cost position with code %q does not exist", eracuni.FieldCostCentre, code))
	}
	if len(problems) > 0 {
		return fieldErrors(problems)
	}
	return ""
}

// fieldErrors writes problems as e-računi lists them:
// "Error nr: 1 #field - message; \r\nError nr: 2 ...; \r\n".
func fieldErrors(problems []string) string {
	var b strings.Builder
	for i, p := range problems {
		fmt.Fprintf(&b, "Error nr: %d %s; \r\n", i+1, p)
	}
	return b.String()
}

// parseFailure is how e-računi words a parameter it cannot read (recorded
// with a server tag and time in front).
func (s *Server) parseFailure(param, reason string) string {
	return fmt.Sprintf("%s@%s:Cannot parse API parameter %s. Error: Error: %s",
		serverTag, s.cfg.Now().Format("2006-01-02T15:04:05"), param, reason)
}

// isNumber accepts a JSON number, or a string holding one.
func isNumber(v any) bool {
	var text string
	switch v := v.(type) {
	case json.Number:
		text = v.String()
	case string:
		text = v
	default:
		return false
	}
	_, err := decimal.NewFromString(text)
	return err == nil
}
