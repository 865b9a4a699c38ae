"""The staff side of madoguchi: an authenticated admin web app and a command line over knowledge.store.

    python -m admin serve | create-user | rollback | export | import | releases | seed
"""
