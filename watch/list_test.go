package watch

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func writeFile(path, data string) error { return os.WriteFile(path, []byte(data), 0o644) }

func TestReadList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  string
	}{
		{"", nil, ""},
		{"# feeds\n\nhttps://a.example/feed.xml\n  http://b.example/rss # B's wire\nhttps://a.example/feed.xml\n",
			[]string{"https://a.example/feed.xml", "http://b.example/rss"}, ""},
		{"https://a.example/page#section\n", []string{"https://a.example/page#section"}, ""},
		{"https://a.example/\nfeed.xml\n", nil, "line 2"},
		{"ftp://a.example/x\n", nil, "line 1"},
	} {
		got, err := ReadList(strings.NewReader(tc.in))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) && len(got)+len(tc.want) > 0 {
			t.Errorf("%q: %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
