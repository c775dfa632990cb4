package gen

import "strconv"

var transcriptColumns = []string{
	"conversation_externalId", "sender_externalId", "sender_role", "text", "timestamp",
}

// Phrase pools. They deliberately carry commas, double quotes, apostrophes,
// a backslash and non-ASCII text (accents, CJK, emoji) so that readers and
// escaping get exercised the way real customer text does.
var (
	botGreetings = pool(
		"Hi! I'm the virtual assistant.",
		"Welcome back! I'm Max, your digital assistant 🤖",
		"Hello, thanks for reaching out. How can I help today?",
		"¡Hola! Soy el asistente virtual, ¿en qué puedo ayudarte?",
		"Hi there, I can help with billing, orders, and tech support.",
	)
	botLines = pool(
		"I can help with that.",
		"Please choose an option: (A) Billing (B) Orders (C) Something else",
		"Let me look that up for you, one moment...",
		"I found 2 recent orders on your account.",
		"Could you confirm the last 4 digits of the phone number on the account?",
		"Sorry, I didn't catch that. Could you rephrase?",
		"Here's a link to reset your password: https://example.com/reset?src=chat&lang=en",
		"Your balance is $84.17, due on the 15th.",
		"Connecting you with an agent now, the wait is about 2 minutes.",
		"Is there anything else I can help you with?",
	)
	customerOpeners = pool(
		"Hi, my internet has been down since this morning.",
		"Hello, I was charged twice this month",
		"I want to cancel my plan, please.",
		"hey, the app says \"payment failed\" but my card is fine",
		"Hi! I'd like to upgrade to the Gold package.",
		"My order never arrived",
		"Bonjour, ma facture est incorrecte, pouvez-vous vérifier?",
		"你好, I need help with my bill",
		"Why is my bill $20 higher than last month??",
		"I moved and need to transfer my service to the new address",
		"Can't log in, it keeps saying my password is wrong 😤",
		"Necesito ayuda con mi pedido, por favor.",
	)
	customerLines = pool(
		"ok",
		"Yes, that's right.",
		"No, that's not it.",
		"It's 4417.",
		"I already tried restarting the router, twice.",
		"The technician said \"it's on your end\" but it isn't.",
		"I've been a customer for 10 years, this is frustrating.",
		"Sure, go ahead.",
		"Thanks, that helps 🙏",
		"Can you also check why the late fee was added?",
		"It says error code E-1042",
		"I'm using the path C:\\Users\\me\\Downloads like the guide said",
		"Señor, ya lo intenté.",
		"Wait, what's the cancellation fee?",
		"Perfect, thank you so much!",
		"Hmm, ok. And when will it be fixed?",
		"It's the one ending in 0923.",
		"Café account, the business one, not my personal one.",
		"B",
		"Still not working 😕",
	)
	agentGreetings = pool(
		"Hi, this is Ana, how can I help you today?",
		"Thanks for contacting us, my name's José. What can I do for you?",
		"Hello! You're chatting with Priya from support.",
		"Good afternoon, this is Kenji, I'll be helping you today.",
	)
	agentLines = pool(
		"Happy to help, one moment please.",
		"I'm sorry about that, let me take a look.",
		"Could you please verify the name and zip code on the account?",
		"I see the duplicate charge, I've submitted a refund of $42.50.",
		"The refund should appear in 3-5 business days.",
		"I've reset the line from our side, please try again now.",
		"Let me transfer you to our \"Loyalty\" team, they can help with that.",
		"Your new plan, \"Gold Unlimited\", starts on the next billing cycle.",
		"I understand, and I apologise for the inconvenience.",
		"There's an outage in your area, our crews expect it fixed by 6 PM.",
		"I've waived the late fee as a courtesy.",
		"Can you tell me the error message exactly as it appears?",
		"Done! You'll get a confirmation email shortly.",
		"Just to confirm, you'd like the change effective today?",
		"Gracias por su paciencia.",
		"I've added a note to your account.",
	)
	closings = pool(
		"Is there anything else I can help with?",
		"Thanks for chatting with us, have a great day!",
		"You're all set. Take care 😊",
		"Thank you for your patience, goodbye!",
	)
	refPrefix = newPhrase(" (ref #")
	refSuffix = newPhrase(")")

	// What customers type when there is nothing to say: a message, not a
	// null (preflight must not take it for one).
	nullishReplies = pool("None", "N/A", "none", "n/a", "NA", "nope, none")

	// Scripted chats that recur word for word between different customers
	// at different times, like the public Taskmaster-4 dialogues: not
	// duplicate transcripts.
	templateChats = [][]scripted{
		{{roleCustomer, "I would like to order a latte, but decaffeinated, with ice and non-fat milk please"},
			{roleAgent, "Unfortunately there are no menu items available for the order you requested. Would you like something off the menu instead?"}},
		{{roleCustomer, "one Chai Latte please"},
			{roleAgent, "is the order displayed correct and ready to send off to be made?"},
			{roleCustomer, "yes"},
			{roleAgent, "ok, then you can pick up your drink over at the bar in a few minutes."}},
		{{roleCustomer, "What are your opening hours?"},
			{roleBot, "We're open 8 AM to 8 PM, Monday to Saturday."},
			{roleCustomer, "thanks"}},
		{{roleBot, "Hi! I'm the virtual assistant."},
			{roleCustomer, "agent"},
			{roleBot, "Connecting you with an agent now, the wait is about 2 minutes."}},
		{{roleCustomer, "Where is my order?"},
			{roleBot, "Please enter your order number."},
			{roleCustomer, "N/A"},
			{roleBot, "Sorry, I can't look up an order without its number. Is there anything else I can help you with?"}},
		{{roleCustomer, "hi"},
			{roleAgent, "Hi, this is Ana, how can I help you today?"}},
	}
)

// scripted is one message of a template chat.
type scripted struct {
	role string
	text string
}

// fracDigits weights common precisions (0, 3, 6) over the rest, while still
// covering every precision from 0 to 9 across a file.
var fracDigits = []int{0, 0, 3, 3, 3, 6, 6, 6, 9, 1, 2, 4, 5, 7, 8}

const (
	roleCustomer = "customer"
	roleAgent    = "agent"
	roleBot      = "bot"
	maxConvSpan  = 70 * 60 * 1e9 // ns; > 39 gaps * 90 s, keeps conversations inside the window
)

// templatePhrases are templateChats' texts, escaped once.
var templatePhrases = func() [][]*phrase {
	out := make([][]*phrase, len(templateChats))
	for i, chat := range templateChats {
		for _, m := range chat {
			out[i] = append(out[i], newPhrase(m.text))
		}
	}
	return out
}()

// transcripts writes whole conversations until the size is reached: one in
// ten a scripted template chat, about one in seven a very short chat of
// 2-4 messages, the rest 5-40 messages, as real exports have them.
func (g *generator) transcripts() {
	r := &g.r
	// Conversation ids: an affine bijection on uint32 keeps them unique
	// within a file while looking random; the seed picks the offset.
	idOffset := r.u64() & 0xffffffff
	for conv := uint64(0); !g.done(); conv++ {
		id := 1_000_000_000 + (conv*2654435761+idOffset)&0xffffffff
		switch k := r.n(100); {
		case k < 10:
			g.templateChat(id)
		case k < 25:
			g.conversation(conv, id, 2+r.n(3))
		default:
			g.conversation(conv, id, 5+r.n(36))
		}
	}
}

// templateChat writes one scripted chat with a new customer, at a random time.
func (g *generator) templateChat(id uint64) {
	r := &g.r
	g.conversations++
	k := r.n(len(templateChats))
	frac := fracDigits[r.n(len(fracDigits))]
	t := r.between(g.lo, g.hi-maxConvSpan)
	customer := uint64(200_000_000 + r.n(800_000_000))
	agent := uint64(1_000_000 + r.n(5_000))
	bot := uint64(9_000_001 + r.n(4))
	for i, m := range templateChats[k] {
		if i > 0 {
			t += r.between(1e9, 30e9)
		}
		sender := agent
		switch m.role {
		case roleCustomer:
			sender = customer
		case roleBot:
			sender = bot
		}
		e := g.e
		e.begin()
		e.digits(id)
		e.digits(sender)
		e.open(false)
		e.raw(m.role)
		e.close()
		e.str(templatePhrases[k][i])
		e.timestamp(t, frac)
		e.end()
	}
}

// conversation writes one conversation of n messages. Every conversation
// has a customer and an agent or bot; sender ids never change role;
// timestamps strictly increase (gaps >= 1 s, so truncating to any precision
// keeps them increasing, and no two rows are identical); the first customer
// message carries the conversation number, so no two conversations have
// the same role+text sequence. Customers sometimes answer "None" or "N/A",
// and a bot sometimes says the same line twice in a row.
func (g *generator) conversation(num, id uint64, n int) {
	r := &g.r
	g.conversations++
	frac := fracDigits[r.n(len(fracDigits))]
	t := r.between(g.lo, g.hi-maxConvSpan)
	customer := uint64(200_000_000 + r.n(800_000_000)) // 9 digits: never an agent or bot id
	agent := uint64(1_000_000 + r.n(5_000))            // agents recur across conversations
	bot := uint64(9_000_001 + r.n(4))
	useBot := r.pct(45)
	botTurns := 0
	if useBot {
		botTurns = 2 + r.n(4) // bot messages before handing over to an agent
		if r.pct(30) {
			botTurns = n // bot handles the whole conversation
		}
	}

	var prev string
	var lastBot *phrase
	customerSpoke := false
	for i := range n {
		// Whose turn: a responder opens half the time; after that the
		// customer replies to most responder messages.
		var role string
		switch {
		case i == 0:
			if useBot {
				role = roleBot
			} else if r.pct(50) {
				role = roleAgent
			} else {
				role = roleCustomer
			}
		case prev != roleCustomer && (r.pct(75) || !customerSpoke):
			role = roleCustomer
		case botTurns > 0:
			role = roleBot
		default:
			role = roleAgent
		}
		if role == roleBot {
			botTurns--
		}
		if i > 0 {
			t += r.between(1e9, 90e9)
		}

		e := g.e
		e.begin()
		e.digits(id)
		switch role {
		case roleCustomer:
			e.digits(customer)
		case roleAgent:
			if i > n/2 && r.pct(5) {
				agent++ // a transfer to a colleague: a new agent id, still only ever "agent"
			}
			e.digits(agent)
		default:
			e.digits(bot)
		}
		e.open(false)
		e.raw(role)
		e.close()

		switch {
		case role == roleCustomer && !customerSpoke:
			p := pick(r, customerOpeners)
			e.open(p.quote)
			e.piece(p)
			e.piece(refPrefix)
			e.b = strconv.AppendUint(e.b, num+1, 10)
			e.piece(refSuffix)
			e.close()
			customerSpoke = true
		case role == roleCustomer && r.pct(6):
			g.utterance(nullishReplies, nil)
		case role == roleCustomer:
			g.utterance(customerLines, nil)
		case i == 0 && role == roleBot:
			g.utterance(botGreetings, nil)
		case i == 0:
			g.utterance(agentGreetings, nil)
		case i == n-1:
			g.utterance(closings, nil)
		case role == roleBot:
			if lastBot == nil || prev != roleBot || !r.pct(25) {
				lastBot = pick(r, botLines)
			}
			e.str(lastBot)
		default:
			g.utterance(agentLines, agentLines)
		}
		e.timestamp(t, frac)
		e.end()
		prev = role
	}
}

// utterance writes a text field of one phrase from a, sometimes followed
// by one from b.
func (g *generator) utterance(a, b []*phrase) {
	r := &g.r
	p := pick(r, a)
	var q *phrase
	if b != nil && r.pct(35) {
		q = pick(r, b)
	}
	e := g.e
	e.open(p.quote || q != nil && q.quote)
	e.piece(p)
	if q != nil {
		e.piece(space)
		e.piece(q)
	}
	e.close()
}
