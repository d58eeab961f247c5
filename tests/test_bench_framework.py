"""make bench figures are ratios against a baseline measured in the same process."""
import time

from tests.bench.framework import Benchmark


def test_ratio_of_a_twice_as_slow_subject():
    bench = Benchmark('sleep', lambda: time.sleep(0.004), lambda: time.sleep(0.002), 'half',
                      goal=10, repeat=3)
    result = bench.run()
    assert 1.3 < result['ratio'] < 4
    assert result['ok'] is True


def test_goal_missed_is_reported():
    result = Benchmark('slow', lambda: time.sleep(0.004), lambda: None, 'nothing', goal=1.0,
                       repeat=3).run()
    assert result['ok'] is False
