package rules

import (
	"bytes"

	"github.com/preflight-data/preflight/records"
)

// Field indexes in the built-in sales_attribution schema, checked by TestFieldIndexes.
const (
	salesExternalCustomer = 6
	salesIssueID          = 7
	salesQuantity         = 13
)

// salesTime is transaction_time's index, the sales feed's event time.
const salesTime = 1

func (fc *fileCtx) checkSales(row *Row) {
	if row.TSOK[salesTime] {
		fc.stats.day(row.TS[salesTime])
	}
	if !present(row.V[salesExternalCustomer]) && !present(row.V[salesIssueID]) && fc.coll.want(SalesAttributionKey) {
		fc.coll.add(Finding{Rule: SalesAttributionKey, File: fc.plan.display, Line: row.Rec.Line, Col: 1, Field: "external_customer_id",
			Message: "neither external_customer_id nor issue_id is present, so the sale cannot be attributed",
			Fix:     "Fill in external_customer_id (the hashed customer id) or issue_id (ASAPP's conversation id) on every sale."})
	}
	fc.negative(row, salesQuantity)
}

// present is a value that says something: not absent, null, empty or a null spelling.
func present(v *records.Value) bool {
	if v == nil || v.Kind == records.Null {
		return false
	}
	t := bytes.TrimSpace(v.Raw)
	return len(t) > 0 && !isNullSpelling(t, "") && !(v.Quoted && bytes.Equal(t, nullWord))
}
