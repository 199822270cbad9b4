"""Work shifts (extension): the shifts an agent is assigned (Person API workShifts)."""
