"""The data-server drop folder: contacts (CSV + media) dropped into gis/<tenant>/ are imported."""
