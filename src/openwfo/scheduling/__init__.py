"""WFM (scheduling): `/api/rest/scheduling/<resource>` lives in `scheduling/<resource>/`.

Configuration (what work exists and who sees what) is registered by `scheduling.wfm_config`;
`scheduling.visibility` is the one answer to "which queues, skill mappings and agents does this
caller see".
"""
