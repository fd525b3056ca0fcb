// A realistic ~10,000-line Go service file for the keystroke benchmark (scripts/bench-lsp.mjs):
// package main with handlers over a database, an inventory service and helper processes, the
// handler template repeated under distinct names. Every Go rule finds something in it (go vet and
// gofmt clean), so the figures include the rules doing real work, not only their import gates.
export function serviceFile(lines = 10_000) {
  const head = `// Package main is a generated order service: many handlers over a database, an inventory
// service and helper processes, the way a service grows. It exercises every Go rule.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strconv"
	"time"
)

var (
	db           *sql.DB
	inventoryURL = os.Getenv("INVENTORY_URL")
	requests     int
	lastCustomer string
)

func init() {
	resp, err := http.Get(inventoryURL + "/warmup")
	if err == nil {
		resp.Body.Close()
	}
	time.Sleep(100 * time.Millisecond)
}

func main() {
	var err error
	db, err = sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatalf("open database: %v", err)
	}
	mux := http.NewServeMux()
	routes(mux)
	srv := &http.Server{Addr: ":8080", Handler: mux}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt)
		<-stop
		_ = srv.Shutdown(context.Background())
	}()
	go func() { log.Fatal(http.ListenAndServe(":6060", nil)) }()
	log.Fatal(srv.ListenAndServe())
}

// Item is one row of the items table.
type Item struct {
	ID    int64  \`json:"id"\`
	Name  string \`json:"name"\`
	Stock int    \`json:"stock"\`
}
`;
  const handler = (n) => `
// ListItems${n} returns the items of shelf ${n}.
func ListItems${n}(w http.ResponseWriter, r *http.Request) {
	requests++
	lastCustomer = r.URL.Query().Get("customer")
	rows, err := db.Query("SELECT id, name, stock FROM items WHERE shelf = $1", ${n})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	items := []Item{}
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.Name, &it.Stock); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		items = append(items, it)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(items)
}

// Reserve${n} holds an item of shelf ${n} at the inventory service.
func Reserve${n}(w http.ResponseWriter, r *http.Request) {
	valid := regexp.MustCompile(\`^[a-z0-9-]+$\`)
	item := r.URL.Query().Get("item")
	if !valid.MatchString(item) {
		http.Error(w, "bad item", http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, inventoryURL+"/reserve?shelf=${n}&item="+item, nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

// Restock${n} runs the restock tool for shelf ${n} within the request's deadline.
func Restock${n}(ctx context.Context, w http.ResponseWriter, count int) error {
	out, err := exec.Command("restock", "--shelf", "${n}", "--count", strconv.Itoa(count)).CombinedOutput()
	if err != nil {
		return fmt.Errorf("restock shelf ${n}: %w: %s", err, out)
	}
	if _, err := db.ExecContext(ctx, "UPDATE items SET stock = stock + $1 WHERE shelf = $2", count, ${n}); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "restocked shelf ${n}\\n")
	return err
}
`;
  let text = head;
  const names = [];
  // Whole handlers until the file (with its routes) reaches `lines`.
  for (let n = 1; text.split("\n").length + 2 * names.length + 3 < lines; n++) {
    text += handler(n);
    names.push(n);
  }
  text += '\nfunc routes(mux *http.ServeMux) {\n';
  for (const n of names) text += `\tmux.HandleFunc("/items/${n}", ListItems${n})\n\tmux.HandleFunc("/reserve/${n}", Reserve${n})\n`;
  text += '}\n';
  return text;
}
