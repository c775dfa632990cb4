package gen

var salesColumns = []string{
	"transaction_id", "transaction_time", "transaction_value_one_time", "transaction_value_recurring",
	"customer_category", "customer_subcategory", "external_customer_id", "issue_id",
	"external_session_id", "product_category", "product_subcategory", "product_name",
	"product_id", "product_quantity", "product_value_one_time", "product_value_recurring",
}

// product is one catalogue entry; prices are in cents, 0 meaning none.
type product struct {
	category, subcategory, name, id *phrase
	oneTime, recurring              int64
}

func prod(cat, sub, name, id string, oneTime, recurring int64) product {
	return product{newPhrase(cat), newPhrase(sub), newPhrase(name), newPhrase(id), oneTime, recurring}
}

var (
	catalogue = []product{
		prod("Wireless Internet", "Broadband", "Broadband Gold Package", "WI-BBGP", 6000, 5500),
		prod("Wireless Internet", "Broadband", "Broadband Silver, 2-year", "WI-BBS2", 0, 3995),
		prod("Mobile", "Devices", "Phone X 128GB", "MB-PX128", 79999, 0),
		prod("Mobile", "Plans", "\"Unlimited Plus\" Plan", "MB-UNLP", 0, 7000),
		prod("Mobile", "Accessories", "Chargeur rapide 30 W", "MB-CH30", 2999, 0),
		prod("TV", "Streaming", "Stream Box 4K", "TV-SB4K", 9900, 1200),
		prod("TV", "Packages", "Paquete Español", "TV-PESP", 0, 1499),
		prod("Home", "Security", "Smart Camera, 2-pack", "HM-CAM2", 12950, 999),
	}
	customerCategories    = pool("US", "CA", "MX", "PR")
	customerSubcategories = pool("wireless", "broadband", "tv", "home phone", "negocios pequeños")
)

// sales writes attribution records until the size is reached.
func (g *generator) sales() {
	r := &g.r
	e := g.e
	for !g.done() {
		p := &catalogue[r.n(len(catalogue))]
		qty := int64(1)
		if r.pct(25) {
			qty += int64(r.n(4))
		}
		frac := fracDigits[r.n(len(fracDigits))]

		e.begin()
		e.uuid(r)
		e.timestamp(r.between(g.lo, g.hi), frac)
		// Transaction totals: products plus a little tax, sometimes not reported.
		if p.oneTime > 0 && r.pct(90) {
			e.cents(qty*p.oneTime + int64(r.n(900)))
		} else {
			e.null()
		}
		if p.recurring > 0 && r.pct(90) {
			e.cents(qty * p.recurring)
		} else {
			e.null()
		}
		e.optStr(maybe(r, customerCategories, 10))
		e.optStr(maybe(r, customerSubcategories, 10))
		// Attribution needs at least one of external_customer_id and issue_id.
		switch k := r.n(100); {
		case k < 45:
			e.digits(uint64(30_000_000_000 + r.between(0, 9_000_000_000)))
			g.issueID()
		case k < 80:
			e.digits(uint64(30_000_000_000 + r.between(0, 9_000_000_000)))
			e.null()
		default:
			e.null()
			g.issueID()
		}
		e.uuid(r)
		e.str(p.category)
		e.str(p.subcategory)
		e.str(p.name)
		e.str(p.id)
		e.integer(qty)
		if p.oneTime > 0 {
			e.cents(p.oneTime)
		} else {
			e.null()
		}
		if p.recurring > 0 {
			e.cents(p.recurring)
		} else {
			e.null()
		}
		e.end()
	}
}

// issueID writes a 22-character upper-case hex id like 1E10412200CC60EEABBF32.
func (g *generator) issueID() {
	e := g.e
	e.open(false)
	a, b := g.r.u64(), g.r.u64()
	start := len(e.b)
	e.hex(a, 16)
	e.hex(b, 6)
	for i := start; i < len(e.b); i++ {
		if c := e.b[i]; c >= 'a' {
			e.b[i] = c - 'a' + 'A'
		}
	}
	e.close()
}
