// A minimal NF-e Webhooks receiver in Go (standard library only): verifies the Standard Webhooks
// signature as the spec says, ignores a webhook-id it has already processed, answers 2xx.
//
//	WEBHOOK_SECRET=whsec_... PORT=8080 go run main.go
//
// (With module downloads, github.com/standard-webhooks/standard-webhooks/libraries/go gives the same check.)
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	secret []byte
	seen   sync.Map // use your database in production: the same event may come twice
)

func verify(r *http.Request, body []byte) bool {
	id, timestamp := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if id == "" || err != nil || time.Since(time.Unix(ts, 0)).Abs() > 5*time.Minute {
		return false
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(id + "." + timestamp + "."))
	mac.Write(body)
	expected := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, signature := range strings.Split(r.Header.Get("webhook-signature"), " ") {
		version, value, _ := strings.Cut(signature, ",")
		if version == "v1" && hmac.Equal([]byte(value), []byte(expected)) {
			return true
		}
	}
	return false
}

func handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if !verify(r, body) {
		fmt.Println("rejected no valid signature")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	id := r.Header.Get("webhook-id")
	if _, loaded := seen.LoadOrStore(id, true); loaded {
		fmt.Println("duplicate " + id)
	} else {
		var event struct{ Type string }
		_ = json.Unmarshal(body, &event)
		fmt.Println("accepted " + id + " " + event.Type) // process the event here
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	decoded, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(os.Getenv("WEBHOOK_SECRET"), "whsec_"))
	if err != nil {
		panic(err)
	}
	secret = decoded
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", handle)
	fmt.Println("listening")
	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
		panic(err)
	}
}
