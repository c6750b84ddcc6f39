// Test timeout for this jest project (ms); busy 2-core CI machines need headroom.
jest.setTimeout(180000);
