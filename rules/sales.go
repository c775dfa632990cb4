package rules

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
	// A key written as "NULL", N/A or blank is no key: present treats every
	// way of writing a null as missing.
	if !fc.present(row, salesExternalCustomer) && !fc.present(row, salesIssueID) && fc.coll.want(SalesAttributionKey) {
		fc.coll.add(Finding{Rule: SalesAttributionKey, File: fc.plan.display, Line: row.Rec.Line, Col: 1, Field: "external_customer_id",
			Message: "neither external_customer_id nor issue_id is present, so the sale cannot be attributed",
			Fix:     "Fill in external_customer_id (the hashed customer id) or issue_id (ASAPP's conversation id) on every sale."})
	}
	fc.negative(row, salesQuantity)
}
