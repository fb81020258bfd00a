package server

// Routes lists the server's routes as "METHOD /path", for TestOpenAPI.
func Routes() []string {
	var out []string
	for _, r := range (&Server{}).routes() {
		out = append(out, r.pattern)
	}
	return out
}
