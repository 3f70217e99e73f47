package stage

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are a stage's counters, read by the micro STATS endpoint and by Prometheus.
type Metrics struct {
	Stage        string
	Processed    atomic.Int64
	Failed       atomic.Int64
	Redelivered  atomic.Int64
	DeadLettered atomic.Int64
	// Pending and AckPending mirror the consumer's info (refreshed by the stage's watchdog).
	Pending    atomic.Int64
	AckPending atomic.Int64

	handledCount atomic.Int64
	handledNanos atomic.Int64
	maxNanos     atomic.Int64
	latency      prometheus.Histogram
}

// NewMetrics returns zeroed counters for stage.
func NewMetrics(stage string) *Metrics {
	return &Metrics{
		Stage: stage,
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:        "newswire_handle_seconds",
			Help:        "Time to handle one message: decode, work, publish outputs.",
			ConstLabels: prometheus.Labels{"stage": stage},
			Buckets:     []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}),
	}
}

func (m *Metrics) observe(d time.Duration) {
	m.handledCount.Add(1)
	m.handledNanos.Add(int64(d))
	for {
		cur := m.maxNanos.Load()
		if int64(d) <= cur || m.maxNanos.CompareAndSwap(cur, int64(d)) {
			break
		}
	}
	m.latency.Observe(d.Seconds())
}

// Stats is the snapshot shown by `nats micro stats` and the status endpoint.
type Stats struct {
	Stage          string  `json:"stage"`
	Processed      int64   `json:"processed"`
	Failed         int64   `json:"failed"`
	Redelivered    int64   `json:"redelivered"`
	DeadLettered   int64   `json:"dead_lettered"`
	Pending        int64   `json:"pending"`
	AckPending     int64   `json:"ack_pending"`
	AvgLatencyMs   float64 `json:"avg_latency_ms"`
	MaxLatencyMs   float64 `json:"max_latency_ms"`
	HandledSamples int64   `json:"handled"`
}

// Snapshot reads the counters.
func (m *Metrics) Snapshot() Stats {
	st := Stats{
		Stage: m.Stage, Processed: m.Processed.Load(), Failed: m.Failed.Load(),
		Redelivered: m.Redelivered.Load(), DeadLettered: m.DeadLettered.Load(),
		Pending: m.Pending.Load(), AckPending: m.AckPending.Load(),
		HandledSamples: m.handledCount.Load(),
		MaxLatencyMs:   float64(m.maxNanos.Load()) / 1e6,
	}
	if st.HandledSamples > 0 {
		st.AvgLatencyMs = float64(m.handledNanos.Load()) / float64(st.HandledSamples) / 1e6
	}
	return st
}

// Register adds the stage's Prometheus collectors to reg.
func (m *Metrics) Register(reg prometheus.Registerer) error {
	labels := prometheus.Labels{"stage": m.Stage}
	counter := func(name, help string, v *atomic.Int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help, ConstLabels: labels},
			func() float64 { return float64(v.Load()) })
	}
	gauge := func(name, help string, v *atomic.Int64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help, ConstLabels: labels},
			func() float64 { return float64(v.Load()) })
	}
	for _, c := range []prometheus.Collector{
		counter("newswire_messages_processed_total", "Messages handled and acknowledged.", &m.Processed),
		counter("newswire_messages_failed_total", "Handling attempts that failed (retried or dead-lettered).", &m.Failed),
		counter("newswire_messages_redelivered_total", "Deliveries that were not the first.", &m.Redelivered),
		counter("newswire_messages_dead_lettered_total", "Messages filed on news.dlq.<stage>.", &m.DeadLettered),
		gauge("newswire_consumer_pending", "Messages in the stream not yet delivered to the stage's consumer.", &m.Pending),
		gauge("newswire_consumer_ack_pending", "Messages delivered to the stage and not yet acknowledged.", &m.AckPending),
		m.latency,
	} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
