//go:build unix

package regular

import "syscall"

// nonBlock makes opening a FIFO return at once. On a regular file or a
// directory it has no effect on reading.
const nonBlock = syscall.O_NONBLOCK
