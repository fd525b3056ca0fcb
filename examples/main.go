// Command orders is a small order service, written the way many services start out. Open it in
// VS Code with Go for Cloud (npm start does) to see what breaks it in production: findings in
// the Problems panel, a quick fix on each.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"
	"os/signal"
)

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatalf("open database: %v", err)
	}
	defer db.Close()

	api := &API{db: db, inventoryURL: envOr("INVENTORY_URL", "http://inventory.internal")}
	mux := http.NewServeMux()
	mux.HandleFunc("/orders", api.ListOrders)
	mux.HandleFunc("/orders/reserve", api.Reserve)
	mux.HandleFunc("/healthz", Health)

	// Flush metrics on Ctrl+C — but platforms stop containers with SIGTERM.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	go func() {
		<-stop
		log.Print("interrupted")
		os.Exit(0)
	}()

	srv := &http.Server{Addr: ":" + envOr("PORT", "8080"), Handler: mux}
	log.Printf("listening on %s", srv.Addr)
	log.Fatal(srv.ListenAndServe())
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
