package eval_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/eval"
)

// keywordCoder is a toy coder: "struck" is Russia attacking Syria.
type keywordCoder struct{}

func (keywordCoder) Code(ctx context.Context, in sitrep.Input) (*sitrep.Analysis, error) {
	var an sitrep.Analysis
	if strings.Contains(in.Text, "struck") {
		an.Events = append(an.Events, sitrep.Event{
			Type:      "ASSAULT",
			Actor:     []sitrep.Actor{{Country: "RUS"}},
			Recipient: []sitrep.Actor{{Country: "SYR"}},
			Date:      in.Published,
			Evidence:  in.Text,
			Rule:      "toy/struck",
		})
	}
	return &an, nil
}

func Example() {
	const gold = `{"id": "a", "published": "2023-07-14", "text": "Russian jets struck rebels in Syria.", "level": "event", "events": [{"type": "ASSAULT", "actor": [{"country": "RUS"}], "recipient": [{"country": "SYR"}], "date": "2023-07"}]}
{"id": "b", "text": "Iran and Russia held talks.", "level": "partial", "events": [{"type": "CONSULT", "symmetric": true, "actor": [{"country": "IRN"}], "recipient": [{"country": "RUS"}]}]}
{"id": "c", "text": "Jets struck a convoy.", "level": "quad", "quad": "material_conflict"}
`
	recs, err := eval.Read(strings.NewReader(gold), "dir/example.gold.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	res, err := eval.Score(context.Background(), keywordCoder{}, "dir/example.gold.jsonl", recs, eval.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("events: %d of %d gold matched, precision %.2f\n", res.Events.Matched, res.Events.Gold, *res.Events.Precision)
	fmt.Printf("dates: %.2f, quads: %.2f\n", *res.DateAccuracy, *res.QuadAccuracy)
	if err := eval.WriteErrors(os.Stdout, res); err != nil {
		log.Fatal(err)
	}
	// Output:
	// events: 1 of 2 gold matched, precision 1.00
	// dates: 1.00, quads: 1.00
	// example.gold.jsonl:2: missed event    b  CONSULT IRN→RUS (symmetric)  (not coded)  "Iran and Russia held talks."
}
