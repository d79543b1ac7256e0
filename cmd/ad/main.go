// Command ad is the REPL and script runner of the ad language.
package main

import "fmt"

func main() {
	fmt.Println("ad: the REPL is being built")
}
