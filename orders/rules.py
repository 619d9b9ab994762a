import rules

from salsk_mentoring.predicates import can_read, is_methodist


@rules.predicate
def is_draft(user, order=None):
    return order is None or not order.is_signed


@rules.predicate
def not_frozen(user, order=None):
    return order is None or not order.is_frozen


# Everyone signed in reads the orders in their scope (a school: the signed orders addressed to it);
# methodists compose, change drafts and sign; a signed order is never changed.
rules.add_perm("orders.view_order", can_read)
rules.add_perm("orders.add_order", is_methodist)
rules.add_perm("orders.change_order", is_methodist & is_draft)
rules.add_perm("orders.delete_order", is_methodist & is_draft)
rules.add_perm("orders.sign_order", is_methodist & not_frozen)
