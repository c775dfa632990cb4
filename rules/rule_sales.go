package rules

// The sales/ rules.
const (
	SalesAttributionKey = "sales/attribution-key"
)

var ruleSalesAttributionKey = Info{
	ID:       SalesAttributionKey,
	Severity: Error,
	Feeds:    []string{"sales_attribution"},
	Summary:  "Neither external_customer_id nor issue_id is present",
	Why:      "ASAPP attributes a sale to its conversations through external_customer_id or issue_id; with neither, the record cannot be attributed and is useless for sales attribution.",
	Spec:     "In order to attribute to ASAPP metadata, one of these will be required (Customer ID or Conversation ID)",
	Fix:      "Fill in external_customer_id (the hashed customer ID) or issue_id (the ASAPP conversation ID), or both.",
	Examples: Examples{Bad: []string{"sales.csv"}, Good: []string{"sales.csv"}},
	check:    salesCheck,
}

// salesCheck is the sales_attribution feed's pass (value/negative's
// product_quantity too).
var salesCheck = &check{row: (*fileCtx).checkSales, inParts: true}
