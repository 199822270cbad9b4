"""Analytics (cas): categories and phrases, text contacts and their hits, speech transcripts and hits."""
