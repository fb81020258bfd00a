// Command gdeltcolumns prints export.GDELTColumns, one a line, for
// scripts/exportcheck.sh to compare with GDELT's codebook.
package main

import (
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/export"
)

func main() { fmt.Println(strings.Join(export.GDELTColumns, "\n")) }
