package sitrep

import (
	"reflect"
	"testing"
)

func TestActorTally(t *testing.T) {
	type name struct {
		a Actor
		n int
	}
	for _, tc := range []struct {
		desc  string
		add   []ActorCount
		names []name
		limit int
		want  []ActorCount
	}{
		{desc: "empty", want: []ActorCount{}},
		{
			desc: "one code spelt two ways merges",
			add: []ActorCount{
				{Country: "IGO", Events: 2, AsActor: 1, AsRecipient: 1},
				{Country: "IGO", Sector: "IGO", Events: 3, AsActor: 3},
			},
			want: []ActorCount{{Code: "IGO", Country: "IGO", Name: "IGO", Events: 5, AsActor: 4, AsRecipient: 1}},
		},
		{
			desc: "most events first, then by code, limited",
			add: []ActorCount{
				{Country: "FRA", Events: 1},
				{Country: "USA", Events: 4},
				{Country: "DEU", Events: 1},
			},
			limit: 2,
			want: []ActorCount{
				{Code: "USA", Country: "USA", Name: "USA", Events: 4},
				{Code: "DEU", Country: "DEU", Name: "DEU", Events: 1},
			},
		},
		{
			desc: "most used name wins, ties by byte order, unknown and empty ignored",
			add:  []ActorCount{{Country: "FRA", Events: 1}},
			names: []name{
				{Actor{Country: "FRA", Name: "Paris"}, 2},
				{Actor{Country: "FRA", Name: "France"}, 2},
				{Actor{Country: "FRA", Name: "French"}, 1},
				{Actor{Country: "FRA"}, 9},
				{Actor{Country: "USA", Name: "Washington"}, 9},
			},
			want: []ActorCount{{Code: "FRA", Country: "FRA", Name: "France", Events: 1}},
		},
	} {
		var tally ActorTally
		for _, c := range tc.add {
			tally.Add(c)
		}
		for _, n := range tc.names {
			tally.Name(n.a, n.n)
		}
		if got := tally.Result(tc.limit); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.desc, got, tc.want)
		}
	}
}

func TestRankDyads(t *testing.T) {
	for _, tc := range []struct {
		desc  string
		in    []Dyad
		limit int
		want  []Dyad
	}{
		{desc: "nil becomes empty", want: []Dyad{}},
		{
			desc: "most events, then actor, then recipient; limited",
			in: []Dyad{
				{Actor: "USA", Recipient: "RUS", Events: 1},
				{Actor: "FRA", Recipient: "RUS", Events: 1},
				{Actor: "FRA", Recipient: "DEU", Events: 1},
				{Actor: "UKR", Recipient: "RUS", Events: 5},
			},
			limit: 3,
			want: []Dyad{
				{Actor: "UKR", Recipient: "RUS", Events: 5},
				{Actor: "FRA", Recipient: "DEU", Events: 1},
				{Actor: "FRA", Recipient: "RUS", Events: 1},
			},
		},
	} {
		if got := RankDyads(tc.in, tc.limit); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.desc, got, tc.want)
		}
	}
}
