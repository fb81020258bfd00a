package coder

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/kb"
	"github.com/sitrep/sitrep/nlp"
)

var (
	realOnce  sync.Once
	realCoder *Coder
	realErr   error
)

// realTransferCoder is a coder with the embedded knowledge base and parser,
// without the learned models (transfers do not use them).
func realTransferCoder(t *testing.T) *Coder {
	t.Helper()
	realOnce.Do(func() {
		k, err := kb.Default()
		if err != nil {
			realErr = err
			return
		}
		p, err := nlp.Default()
		if err != nil {
			realErr = err
			return
		}
		realCoder, realErr = New(k, WithParser(p), WithoutModels())
	})
	if realErr != nil {
		t.Skip(realErr)
	}
	return realCoder
}

// describeTransfer is "SUP>REC category status @date" ("-" for a side left
// open).
func describeTransfer(tr sitrep.Transfer) string {
	side := func(c string) string {
		if c == "" {
			return "-"
		}
		return c
	}
	d := side(tr.Supplier) + ">" + side(tr.Recipient) + " " + tr.Category + " " + tr.Status
	if tr.Date != "" {
		d += " @" + tr.Date
	}
	return d
}

func TestTransferRules(t *testing.T) {
	c := realTransferCoder(t)
	tests := []struct {
		name, text, published string
		want                  []string
	}{
		// Every item of a list is a transfer; the class that heads the
		// list is not one of its own.
		{"list after including",
			"Germany delivered armoured vehicles including Leopard 2 tanks, Marder infantry fighting vehicles and IRIS-T air defence systems to Ukraine on Friday.",
			"2024-03-09", []string{"DEU>UKR armour delivered @2024-03-08", "DEU>UKR armour delivered @2024-03-08", "DEU>UKR air-defence delivered @2024-03-08"}},
		{"list after such as",
			"Iran has finalized an agreement with Russia to buy Su-35 jets and is seeking other equipment, such as attack helicopters and radars.",
			"2023-07-15", []string{"RUS>IRN aircraft ordered @2023-07-15", "RUS>IRN helicopter sought @2023-07-15", "RUS>IRN electronics sought @2023-07-15"}},
		// A package listed in a later sentence is the deal stated before:
		// its sides, and items in place of the generic goods.
		{"package includes",
			"The Pentagon announced a $300 million package of weapons for Ukraine on Monday. The package includes artillery shells, Javelin missiles and Stinger missiles.",
			"2024-05-08", []string{"USA>UKR ammunition planned @2024-05-06", "USA>UKR missile planned @2024-05-06", "USA>UKR air-defence planned @2024-05-06"}},
		// Supplier in a passive agent, recipient the subject of the clause
		// the goods are the object of.
		{"passive agent",
			"Ukraine received a dozen helicopters delivered by Poland.",
			"", []string{"POL>UKR helicopter delivered"}},
		{"sale of X to Y",
			"The United States approved the sale of 40 F-16 jets to Egypt last month.",
			"2024-05-08", []string{"USA>EGY aircraft planned @2024-04"}},
		{"purchase of X from Y",
			"The agreement covers Qatar's purchase of 24 Rafale jets from France.",
			"2024-05-08", []string{"FRA>QAT aircraft ordered @2024-05-08"}},
		{"received X from Y, dated",
			"Kenya received six helicopters from the United States on Monday.",
			"2024-05-08", []string{"USA>KEN helicopter delivered @2024-05-06"}},
		{"contract with a partner for the supply",
			"Algeria signed a contract with Russia for the supply of Su-30 fighters.",
			"2024-05-08", []string{"RUS>DZA aircraft ordered @2024-05-08"}},
		{"deal with a partner to manufacture",
			"India signed a deal with a Russian firm to manufacture AK-203 rifles.",
			"", []string{"RUS>IND small-arms ordered"}},
		{"future purchase",
			"Brazil will buy 36 Gripen fighters from Sweden.",
			"", []string{"SWE>BRA aircraft planned"}},
		{"request",
			"Japan asked the United States for Tomahawk missiles.",
			"", []string{"USA>JPN missile sought"}},
		// Both of two coordinated suppliers.
		{"coordinated suppliers",
			"Germany and Norway will deliver tanks to Ukraine.",
			"", []string{"DEU>UKR armour planned", "NOR>UKR armour planned"}},
		{"coordinated recipients",
			"Israel has sold the Barak air defence system to Azerbaijan and Morocco.",
			"", []string{"ISR>AZE air-defence delivered", "ISR>MAR air-defence delivered"}},
		{"asked a state to supply",
			"Ukraine asked Germany to supply Taurus cruise missiles.",
			"", []string{"DEU>UKR missile sought"}},
		{"plan to acquire",
			"Pakistan plans to acquire 40 J-35 stealth fighters from China.",
			"", []string{"CHN>PAK aircraft planned"}},
		{"denial of a report",
			"The Kremlin denied reports that it had sent S-300 systems to Iran.",
			"", []string{"RUS>IRN air-defence denied"}},
		// An origin adjective names the maker: the supplier when no other
		// is named, never the recipient; a re-exporter is the supplier.
		{"maker supplies",
			"Myanmar has taken delivery of two Russian Su-30 fighter jets.",
			"", []string{"RUS>MMR aircraft delivered"}},
		{"maker of a passive supply",
			"Iranian-made missiles were supplied to rebels in Yemen, the report said.",
			"", []string{"IRN>YEM missile delivered"}},
		{"re-export",
			"Poland sent German-made Leopard 2 tanks to Ukraine in March.",
			"2023-05-01", []string{"POL>UKR armour delivered @2023-03"}},
		// "its" is the body named just before, a singular agent.
		{"its purchase",
			"The United States imposed sanctions on China's military for its purchase of Su-35 jets from Russia.",
			"", []string{"RUS>CHN aircraft delivered"}},
		{"evidence shown is no transfer",
			"A UN envoy displayed an Iranian-made missile to reporters.",
			"", nil},
		{"foreign-made goods a force displays",
			"The Serbian army displayed the Russian Pantsir air defence system at the parade.",
			"", []string{"RUS>SRB air-defence delivered"}},
		// Deploying one's own forces is no transfer.
		{"ships sent to an exercise",
			"China sent the destroyer Urumqi and the frigate Linyi to the exercise.",
			"", nil},
		{"ships sent to a sea",
			"Russia sent two warships to the Mediterranean.",
			"", nil},
		// Denied and suspended supplies.
		{"supplier's denial",
			"Iran denied supplying drones to Russia.",
			"", []string{"IRN>RUS drone denied"}},
		{"negated supply",
			"Hungary is not selling tanks to Serbia.",
			"", []string{"HUN>SRB armour denied"}},
		{"suspended delivery",
			"France suspended the delivery of two Mistral warships to Russia.",
			"", []string{"FRA>RUS ship denied"}},
		// A request for a third state to allow a transfer: that state
		// supplies, the status is sought.
		{"request to allow a transfer",
			"Warsaw has sent a formal request for Berlin to allow the transfer of German-made Leopard tanks to Ukraine.",
			"", []string{"DEU>UKR armour sought"}},
		// Hypotheticals and prohibitions are no transfers.
		{"conditional",
			"If Turkey buys the S-400 from Russia, sanctions will follow.",
			"", nil},
		{"prohibition",
			"The resolution bans the supply of weapons to the militia.",
			"", nil},
		// An intercepted shipment: the maker supplies, status unknown.
		{"bound for",
			"The navy seized Iranian rifles bound for the Houthis in Yemen.",
			"", []string{"IRN>YEM small-arms unknown"}},
		// Distinct items of one sentence are distinct transfers.
		{"two items",
			"Iran has supplied Russia with hundreds of drones and thousands of artillery shells.",
			"", []string{"IRN>RUS drone delivered", "IRN>RUS ammunition delivered"}},
		// A restatement is kept once; its date is the first statement's,
		// and an undated statement takes the date of the sentence before,
		// as events do.
		{"restatement and date fallback",
			"On 3 March, Egypt signed a deal with France to buy 30 Rafale jets. The jets will be delivered by 2026. Egypt also received Mistral warships from France.",
			"2021-05-04", []string{"FRA>EGY aircraft ordered @2021-03-03", "FRA>EGY ship delivered @2026"}},
		// Categories come from the knowledge base.
		{"Mistral warship is a ship",
			"France delivered a Mistral warship to Egypt.",
			"", []string{"FRA>EGY ship delivered"}},
	}
	for _, tt := range tests {
		a, err := c.Code(context.Background(), sitrep.Input{Text: tt.text, Published: tt.published})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tr := range a.Transfers {
			got = append(got, describeTransfer(tr))
			if tr.Item == "" || tr.Rule == "" || tr.Evidence == "" || tr.Evidence != tt.text[tr.Start:tr.End] {
				t.Errorf("%s: bad provenance %+v", tt.name, tr)
			}
			if tt.published != "" && tr.Date == "" {
				t.Errorf("%s: transfer without a date: %+v", tt.name, tr)
			}
		}
		if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
			t.Errorf("%s: %q\n got %q\nwant %q", tt.name, tt.text, got, tt.want)
		}
	}
}

// TestTransferTestKB checks sides, statuses and dates of verb and noun
// triggers with the test knowledge base.
func TestTransferTestKB(t *testing.T) {
	c, err := New(testKB)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, published, want string }{
		{"Iran supplied Russia with drones on Friday.", "2023-07-15", "IRN>RUS drone delivered @2023-07-14"},
		{"Russia will sell Su-35 fighter jets to Iran.", "2023-07-15", "RUS>IRN aircraft planned @2023-07-15"},
		{"Iran denied supplying drones to Russia.", "", "IRN>RUS drone denied"},
		{"Iran's delivery of drones to Russia continued.", "", "IRN>RUS drone delivered"},
		// A sentence with no date of its own: publication.
		{"Moscow received drones from Iran.", "2023-07-15", "IRN>RUS drone delivered @2023-07-15"},
	}
	for _, tt := range tests {
		a, err := c.Code(context.Background(), sitrep.Input{Text: tt.text, Published: tt.published})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tr := range a.Transfers {
			got = append(got, describeTransfer(tr))
		}
		if strings.Join(got, "; ") != tt.want {
			t.Errorf("%q: got %q want %q", tt.text, got, tt.want)
		}
	}
}

// TestAddTransfers checks the document-level merging of transfers: open
// sides from the deal stated before, restatements, generic items replaced
// by the systems named later, fallback dates.
func TestAddTransfers(t *testing.T) {
	tr := func(sup, rec, cat, item, rule, date string) sitrep.Transfer {
		return sitrep.Transfer{Supplier: sup, Recipient: rec, Category: cat, Item: item, Rule: rule, Date: date}
	}
	var have []sitrep.Transfer
	have = addTransfers(have, []sitrep.Transfer{tr("TUR", "BFA", "drone", "combat drones", "transfer:delivered/class:drones", "2024-04-08")}, "2024-04-09")
	// The systems named later replace the generic class, keeping its date.
	have = addTransfers(have, []sitrep.Transfer{
		tr("", "BFA", "drone", "Bayraktar TB2", "transfer:handed/bayraktar-tb2", ""),
		tr("", "BFA", "drone", "Bayraktar Akinci", "transfer:handed/bayraktar-akinci", ""),
	}, "2024-04-09")
	// A restatement is dropped; a transfer with no side is dropped unless
	// it lists a deal's contents.
	have = addTransfers(have, []sitrep.Transfer{
		tr("TUR", "BFA", "drone", "drones", "transfer:delivered/class:drones", ""),
		tr("", "", "missile", "missiles", "transfer:sold/class:missiles", ""),
		tr("", "", "missile", "missiles", "transfer:ref:include/class:missiles", ""),
	}, "2024-04-01")
	have = finishTransfers(have)
	var got []string
	for _, t := range have {
		got = append(got, describeTransfer(t)+" "+t.Item)
	}
	want := []string{
		"TUR>BFA drone  @2024-04-08 Bayraktar TB2",
		"TUR>BFA drone  @2024-04-09 Bayraktar Akinci",
		"TUR>BFA missile  @2024-04-01 missiles",
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
