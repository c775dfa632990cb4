package rules

// The value/ rules.
const (
	ValueNegative = "value/negative"
)

var ruleValueNegative = Info{
	ID:       ValueNegative,
	Severity: Error,
	Feeds:    []string{"call_center", "sales_attribution"},
	Summary:  "Negative duration, count or quantity",
	Why:      "Durations in seconds and product quantities cannot be negative; a negative value (often a reversed subtraction or a -1 sentinel for unknown) corrupts averages and totals at ASAPP.",
	Spec:     "Seconds caller waits in queue to be assigned to an agent.\nCall duration in seconds from call assignment event to call disconnect event.\nDuration in seconds from call disconnect event to end of agent wrap event.\nA number indicating the quantity of the product purchased.",
	Fix:      "Fix the computation (end minus start, not start minus end) and write NULL instead of a negative sentinel for an unknown value.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
}
