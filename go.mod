module github.com/sitrep/sitrep

go 1.26.0
