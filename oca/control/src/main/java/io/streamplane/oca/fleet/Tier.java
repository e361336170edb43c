package io.streamplane.oca.fleet;

/** Flash appliances sit inside ISPs and hold the most popular bytes; storage appliances at exchanges hold everything. */
public enum Tier {
  FLASH,
  STORAGE
}
