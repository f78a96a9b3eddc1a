"""好差评: visitors rate each finished ticket once; bad ratings are followed up (docs/ratings.md)."""
