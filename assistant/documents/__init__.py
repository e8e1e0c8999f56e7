"""Documents as first-class: what each one is (issuer, level, region, dates, validity), which one a question
names, and how the documents that answer a question compare on its figure."""
