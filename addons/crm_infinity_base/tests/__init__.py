from . import test_profiles
