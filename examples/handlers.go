package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// API serves the order endpoints.
type API struct {
	db           *sql.DB
	inventoryURL string
}

// Order is one row of the orders table.
type Order struct {
	ID       int64  `json:"id"`
	Customer string `json:"customer"`
	Total    int64  `json:"total_cents"`
}

// ListOrders returns a customer's orders. The query ignores the request's context: when the
// client gives up, the database keeps working for nobody.
func (a *API) ListOrders(w http.ResponseWriter, r *http.Request) {
	rows, err := a.db.Query("SELECT id, customer, total_cents FROM orders WHERE customer = $1", r.URL.Query().Get("customer"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	orders := []Order{}
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Customer, &o.Total); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		orders = append(orders, o)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(orders)
}

// Reserve asks the inventory service to hold an item. It starts from context.Background(), so
// the deadline, the cancellation and the trace of the incoming request are lost.
func (a *API) Reserve(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.inventoryURL+"/reserve?item="+r.URL.Query().Get("item"), nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	// A new client (and connection pool) for every request.
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

// Health checks the inventory service without any context.
func Health(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, "http://inventory.internal/healthz", nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer resp.Body.Close()
	fmt.Fprintf(w, "inventory: %s\n", resp.Status)
}
