package schema

import (
	"testing"
	"testing/fstest"
)

func TestMigrations(t *testing.T) {
	for _, tc := range []struct {
		desc    string
		files   []string
		want    []string // names in order
		wantErr bool
	}{
		{desc: "ordered by version, not by name", files: []string{"m/0010_b.sql", "m/0002_a.sql"}, want: []string{"0002_a", "0010_b"}},
		{desc: "no version", files: []string{"m/init.sql"}, wantErr: true},
		{desc: "version zero", files: []string{"m/0000_init.sql"}, wantErr: true},
		{desc: "shared version", files: []string{"m/0001_a.sql", "m/1_b.sql"}, wantErr: true},
	} {
		fsys := fstest.MapFS{}
		for _, f := range tc.files {
			fsys[f] = &fstest.MapFile{Data: []byte("-- " + f)}
		}
		ms, err := Migrations(fsys, "m/*.sql")
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err = %v", tc.desc, err)
			continue
		}
		if len(ms) != len(tc.want) {
			t.Errorf("%s: got %d migrations, want %d", tc.desc, len(ms), len(tc.want))
			continue
		}
		for i, m := range ms {
			if m.Name != tc.want[i] || m.SQL != "-- m/"+m.Name+".sql" {
				t.Errorf("%s: migration %d = %+v, want name %s", tc.desc, i, m, tc.want[i])
			}
		}
	}
}
