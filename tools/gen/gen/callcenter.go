package gen

var callCenterColumns = []string{
	"customer_id", "conversation_id", "call_start", "call_end", "call_assigned_to_agent",
	"customer_type", "survey_offered", "survey_taken", "survey_answer", "toll_free_number",
	"ivr_intent", "ivr_resolved", "ivr_abandoned", "agent_queue_assigned", "time_in_queue",
	"queue_abandoned", "call_handle_time", "call_wrap_time", "transfer",
	"disposition_category", "disposition_notes", "transaction_completed", "caller_account_value",
}

var (
	customerTypes = pool("Wireless Premier", "Wireless Basic", "Residential", "Small Business",
		"Enterprise, Tier 1", "Crédito Básico", "Prepaid")
	surveyAnswers = pool("5", "4", "1", "Very satisfied", "Satisfied, but the wait was long",
		"The agent said \"no problem\" and fixed it!", "Très bien 👍", "Poor",
		"None") // free text: what the caller answered, not a null
	tollFree = pool("888-929-1467", "800-555-0199", "877-204-3310", "866-781-0042",
		"855-300-8080", "web:spring_promo_2024", "click-to-call:upgrade-landing")
	ivrIntents = pool("Power Outage", "Billing", "Billing, Payment Arrangement", "Technical Support",
		"Cancel Service", "New Service", "Facturación", "Order Status")
	agentQueues = pool("Wireless Sales", "Billing Tier 1", "Tech Support", "Retention",
		"Spanish Line - Atención", "Business Care")
	transfers = pool("Sales Group", "Retention", "Tech Support Tier 2", "Billing Tier 2")
	na        = newPhrase("NA") // the spec's "not transferred" value
	dispCats  = pool("Resolved", "Unresolved", "Transferred", "Referred", "Change plan",
		"Payment, Arrangement Made")
	dispNotes = pool("Customer asked about late fee; waived.",
		"Reset modem remotely, confirmed service restored",
		"Caller said \"cancel everything\", offered retention deal, accepted.",
		"Explained bill, no changes.",
		"Cliente pidió factura en español.",
		"Escalated to Tier 2, ticket #INC-20931",
		"Customer's card declined, updated payment method",
		"Outage in area; ETA 6 PM, customer informed 🙂",
		"N/A", "None") // free text agents type for "nothing to note", not a null
	transactions = pool("Upgrade Completed", "Payment Processed", "Upgrade Completed, Payment Processed",
		"Plan Change", "Refund Issued", "Address Change, Service Transfer")
	selfService = pool("Self-service", "IVR Resolved")
)

// callCenter writes call records until the size is reached. The customer
// id is 122 random bits, which makes every record distinct.
func (g *generator) callCenter() {
	r := &g.r
	e := g.e
	for !g.done() {
		start := g.r.between(g.lo, g.hi) / 1e9 * 1e9 // whole seconds, like most telephony systems
		frac := 0
		if r.pct(15) {
			frac = 3
		}
		ivr := int64(20+r.n(200)) * 1e9
		queue := int64(r.n(900))
		handle := int64(30 + r.n(2400))
		outcome := r.n(100)
		ivrResolved := outcome < 10
		ivrAbandoned := outcome >= 10 && outcome < 16
		queueAbandoned := outcome >= 16 && outcome < 22
		handled := outcome >= 22
		end := start + ivr
		switch {
		case queueAbandoned:
			end += queue * 1e9
		case handled:
			end += (queue + handle) * 1e9
		}

		e.begin()
		e.uuid(r)
		if r.pct(70) {
			e.digits(uint64(10_000_000 + r.n(90_000_000)))
		} else {
			e.null()
		}
		e.timestamp(start, frac)
		e.timestamp(end, frac)
		if handled {
			e.timestamp(start+ivr+queue*1e9, frac)
		} else {
			e.null()
		}
		e.optStr(maybe(r, customerTypes, 10))

		// A survey goes only to callers who reached an agent; taken only if offered.
		offered := handled && r.pct(40)
		taken := offered && r.pct(50)
		e.optBool(offered, offered || !r.pct(3))
		if offered {
			e.boolean(taken)
		} else {
			e.optBool(false, r.pct(50))
		}
		if taken {
			e.str(pick(r, surveyAnswers))
		} else {
			e.null()
		}
		e.optStr(maybe(r, tollFree, 5))
		e.optStr(maybe(r, ivrIntents, 5))
		e.boolean(ivrResolved)
		e.boolean(ivrAbandoned)
		if queueAbandoned || handled {
			e.str(pick(r, agentQueues))
			e.integer(queue)
		} else {
			e.null()
			e.null()
		}
		e.boolean(queueAbandoned)
		if handled {
			e.integer(handle)
			e.integer(int64(r.n(180)))
			switch n := r.n(100); {
			case n < 70:
				e.str(na)
			case n < 80:
				e.null()
			default:
				e.str(pick(r, transfers))
			}
			e.str(pick(r, dispCats))
			e.optStr(maybe(r, dispNotes, 30))
			e.optStr(maybe(r, transactions, 60))
		} else {
			e.null()
			e.null()
			e.null()
			if ivrResolved {
				e.str(pick(r, selfService))
			} else {
				e.null()
			}
			e.null()
			e.null()
		}
		if r.pct(90) {
			e.cents(int64(r.n(500_000)))
		} else {
			e.null()
		}
		e.end()
	}
}
