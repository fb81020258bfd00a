//go:build !unix

package regular

// nonBlock is 0 where the system has no non-blocking open; there, named
// pipes are not files that an open can hang on.
const nonBlock = 0
