package server_test

import "time"

func sleep() { time.Sleep(50 * time.Millisecond) }
