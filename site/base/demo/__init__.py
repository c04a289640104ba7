"""Demo content: the starting pages of the Walsall Together site and demo staff accounts.

`content` holds the texts as data, `loader` builds the page tree from them and `users`
makes one demo account per staff group. Run it with `manage.py load_demo_content`.
"""
