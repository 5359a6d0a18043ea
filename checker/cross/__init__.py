"""Rules across documents: a report against last year's, a region's reports against each other
and against its manifest. Run after every document has been checked on its own."""
