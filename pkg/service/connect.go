package service

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/nats-io/nats.go"
)

// Connect opens a NATS connection for name with the credentials and TLS
// settings in e. It retries the first connection with a jittered backoff until
// ctx ends (a pod may start before the NATS cluster is reachable), then
// reconnects forever, logging every disconnect, reconnect and close.
func Connect(ctx context.Context, name string, e Env, log *slog.Logger) (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ReconnectJitter(250*time.Millisecond, time.Second),
		nats.ReconnectBufSize(64 << 20),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil { // nil: our own Close or Drain
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted())
		}),
		nats.ClosedHandler(func(*nats.Conn) { log.Info("nats connection closed") }),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subj := ""
			if sub != nil {
				subj = sub.Subject
			}
			log.Warn("nats async error", "subject", subj, "err", err)
		}),
	}
	if e.NATSCreds != "" {
		opts = append(opts, nats.UserCredentials(e.NATSCreds))
	}
	if e.NATSUser != "" {
		opts = append(opts, nats.UserInfo(e.NATSUser, e.NATSPassword))
	}
	if e.NATSCA != "" {
		opts = append(opts, nats.RootCAs(e.NATSCA))
	}
	if e.NATSCert != "" {
		opts = append(opts, nats.ClientCert(e.NATSCert, e.NATSKey))
	}
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = 200 * time.Millisecond
	b.MaxInterval = 5 * time.Second
	b.MaxElapsedTime = 0
	var nc *nats.Conn
	err := backoff.RetryNotify(func() error {
		var err error
		nc, err = nats.Connect(e.NATSURL, opts...)
		if err != nil && isAuthError(err) {
			return backoff.Permanent(err)
		}
		return err
	}, backoff.WithContext(b, ctx), func(err error, d time.Duration) {
		log.Warn("nats not reachable yet, retrying", "url", e.NATSURL, "in", d, "err", err)
	})
	if err != nil {
		return nil, fmt.Errorf("connecting to nats at %s: %w", e.NATSURL, err)
	}
	log.Info("nats connected", "url", nc.ConnectedUrlRedacted())
	return nc, nil
}

func isAuthError(err error) bool {
	return err == nats.ErrAuthorization || err == nats.ErrAuthExpired || err == nats.ErrAuthRevoked
}
