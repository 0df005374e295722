import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Event-loop delay over one measuring window, in milliseconds. */
export interface EventLoopWindow {
  /** When the window began (ISO time). */
  since: string;
  seconds: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Sampling resolution of the histogram (ms): delays shorter than this are not seen. */
const RESOLUTION_MS = 10;

/**
 * How long the event loop was blocked (perf_hooks.monitorEventLoopDelay), per window: the reliability
 * suite opens a window before a scenario and reads it after, and asserts p99 < 100 ms (issue #14:
 * no request may stall the server). Started only when RUNTIME_METRICS_ENABLED is on.
 */
@Injectable()
export class EventLoopMonitor implements OnModuleDestroy {
  private histogram: IntervalHistogram | null = null;
  private since = new Date();

  /** The window that ends now; a new one starts. */
  takeWindow(): EventLoopWindow {
    if (!this.histogram) {
      this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      this.histogram.enable();
    }
    const h = this.histogram;
    const now = new Date();
    const ms = (ns: number): number => (Number.isFinite(ns) ? Math.round(ns / 1e4) / 100 : 0);
    const window: EventLoopWindow = {
      since: this.since.toISOString(),
      seconds: (now.getTime() - this.since.getTime()) / 1000,
      samples: h.count,
      // The histogram records the whole interval (resolution included); report the delay beyond it.
      p50Ms: Math.max(0, ms(h.percentile(50)) - RESOLUTION_MS),
      p99Ms: Math.max(0, ms(h.percentile(99)) - RESOLUTION_MS),
      maxMs: Math.max(0, ms(h.max) - RESOLUTION_MS),
    };
    h.reset();
    this.since = now;
    return window;
  }

  onModuleDestroy(): void {
    this.histogram?.disable();
  }
}
