## The lab (see tests/lab/README.md).
