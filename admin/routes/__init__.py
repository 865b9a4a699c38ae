"""The pages, one router per area; admin.app includes them in this order.

Every router but `auth` requires a login for all its routes (a router-level dependency), on top of the
actor each route takes; `auth` holds the login form, which must be open, and checks the rest per route.
"""
from . import (analytics, audit, auth, conversations, dashboard, entries, imports, learning, notices, reviews,
               unanswered, users)

ROUTERS = [auth.router, dashboard.router, entries.router, reviews.router, notices.router, unanswered.router,
           learning.router, analytics.router, imports.router, audit.router, users.router, conversations.router]
