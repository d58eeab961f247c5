"""Benchmarks as ratios: each figure is the median time of a subject divided by the median time
of a baseline run in the same process, interleaved, so that a noisy machine moves both."""
import statistics
import time


class Benchmark:
    def __init__(self, name, subject, baseline, baseline_label, goal=None, number=1, repeat=7,
                 items=None, min_rate=None, before_subject=None, before_baseline=None):
        self.name = name
        self.subject = subject
        self.baseline = baseline
        self.baseline_label = baseline_label
        self.goal = goal  # the ratio the issue asks for (lower is better), or None
        self.number = number
        self.repeat = repeat
        self.items = items  # items the subject processes per call, to report a rate
        self.min_rate = min_rate  # items per second the issue asks for, or None
        # untimed set-up run before each timing of the subject / baseline (e.g. switch rules on)
        self.before_subject = before_subject or (lambda: None)
        self.before_baseline = before_baseline or (lambda: None)

    def _time(self, fn):
        start = time.perf_counter()
        for _ in range(self.number):
            fn()
        return time.perf_counter() - start

    def run(self):
        self.before_subject()
        self.subject()
        self.before_baseline()
        self.baseline()  # warm-up (caches, JIT-less but imports and allocations)
        subject_times, baseline_times = [], []
        for _ in range(self.repeat):
            self.before_baseline()
            baseline_times.append(self._time(self.baseline))
            self.before_subject()
            subject_times.append(self._time(self.subject))
        subject, baseline = statistics.median(subject_times), statistics.median(baseline_times)
        ratio = subject / baseline if baseline else float('inf')
        rate = self.items * self.number / subject if self.items and subject else None
        ok = (self.goal is None or ratio <= self.goal) and \
            (self.min_rate is None or (rate or 0) >= self.min_rate)
        return {'name': self.name, 'baseline': self.baseline_label, 'ratio': ratio,
                'goal': self.goal, 'rate': rate, 'min_rate': self.min_rate, 'ok': ok}
