include input.profile
