package deploy

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// kedaLag asks a NATS monitoring endpoint what KEDA's nats-jetstream scaler
// asks (/jsz?acc=<account>&consumers=true&config=true) and reads the lag the
// way the scaler does: the consumer's pending plus ack-pending messages. It
// fails when the account, stream or consumer of the trigger is not found,
// which is when KEDA would scale on the stream's last sequence instead.
func kedaLag(t *testing.T, monitorHost string, md map[string]string) int {
	t.Helper()
	u := fmt.Sprintf("http://%s/jsz?acc=%s&consumers=true&config=true", monitorHost, url.QueryEscape(md["account"]))
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	var jsz struct {
		Accounts []struct {
			Name    string `json:"name"`
			Streams []struct {
				Name      string `json:"name"`
				Consumers []struct {
					Name          string `json:"name"`
					NumPending    int    `json:"num_pending"`
					NumAckPending int    `json:"num_ack_pending"`
				} `json:"consumer_detail"`
			} `json:"stream_detail"`
		} `json:"account_details"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&jsz); err != nil {
		t.Fatalf("decoding %s: %v", u, err)
	}
	for _, a := range jsz.Accounts {
		if a.Name != md["account"] {
			continue
		}
		for _, s := range a.Streams {
			if s.Name != md["stream"] {
				continue
			}
			for _, c := range s.Consumers {
				if c.Name == md["consumer"] {
					return c.NumPending + c.NumAckPending
				}
			}
		}
	}
	t.Fatalf("monitoring endpoint has no account %q / stream %q / consumer %q", md["account"], md["stream"], md["consumer"])
	return 0
}
