"""One person's name, phone number and e-mail appear in the public source documents. They
must never be published, so tests look for them in rendered pages. The strings are split so
that the details themselves do not appear anywhere in this repository either."""

FORBIDDEN = ["hig" "gitt", "0773" "2", "paul" ".", "@healthwatch" "walsall"]
