from . import crm_infinity_test_record
