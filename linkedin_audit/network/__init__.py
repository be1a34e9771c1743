"""Beyond the audit: who the member knows where, and what the network is made of.

companies.py   the conservative company rule: which spellings name one employer (docs/metrics.md)
titles.py      seniority and function from position titles, by the rules table titles.toml (data)
profile.py     the `connection_profile` relation: one row per connection, company group, seniority,
               function, tie class, last message and how the connection was made
who.py         `linkedin-audit who QUERY`: the connections at a company (or with a name), strongest first
reach.py       aggregates for the report's "Where you know people" and the composition charts
queries.py     ready example queries for `linkedin-audit queries` (examples.sql)
"""
