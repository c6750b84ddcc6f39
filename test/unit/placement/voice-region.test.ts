import {
  coarseRegionOf, isNeutralRegionLabel, regionFromVoiceEndpoint, type CoarseRegion,
} from "../../../services/router/src/placement";

describe("regionFromVoiceEndpoint", () => {
  it.each<[string, CoarseRegion, string]>([
    ["us-east1234.discord.media:443", "us", "us-east"],
    ["US-WEST567.discord.gg", "us", "us-west"],
    ["wss://us-central89.discord.media:443/?v=8", "us", "us-central"],
    ["vip-us-south12.discord.media", "us", "us-south"],
    ["rotterdam8123.discord.media:443", "eu", "rotterdam"],
    ["eu-central44.discord.gg", "eu", "eu-central"],
    ["russia10.discord.media", "eu", "russia"],
    ["japan333.discord.media", "asia", "japan"],
    ["south-korea7.discord.media", "asia", "south-korea"],
    ["brazil1001.discord.media", "southamerica", "brazil"],
    ["sydney3.discord.media", "oceania", "sydney"],
    ["southafrica9.discord.media", "africa", "southafrica"],
    ["dubai2.discord.media", "middleeast", "dubai"],
    ["c-fra05-1a2b3c4d.discord.media:443", "eu", "frankfurt"],
    ["C-AMS12-DEADBEEF.discord.media", "eu", "amsterdam"],
    ["c-iad07-0f0f0f0f.discord.media", "us", "ashburn"],
    ["c-yyz02-abcdef01.discord.media", "us", "toronto"],
    ["c-sin03-00000000.discord.media", "asia", "singapore"],
    ["c-bom01-11111111.discord.media", "asia", "mumbai"],
    ["c-gru04-22222222.discord.media", "southamerica", "sao-paulo"],
    ["c-syd01-33333333.discord.media", "oceania", "sydney"],
    ["c-jnb01-44444444.discord.media", "africa", "johannesburg"],
    ["c-dxb02-55555555.discord.media", "middleeast", "dubai"],
  ])("%s → %s / %s", (endpoint, coarse, fine) => {
    expect(regionFromVoiceEndpoint(endpoint)).toEqual({ coarse, fine });
  });

  it.each([
    [""], [undefined], ["   "], ["discord.media"], ["c-zzz01-abc.discord.media"], ["mars12.discord.media"],
    ["constructor1.discord.media"], ["c-.discord.media"], ["10.0.0.1:443"],
  ])("%p → null", (endpoint) => {
    expect(regionFromVoiceEndpoint(endpoint as string | undefined)).toBeNull();
  });
});

describe("coarseRegionOf (node region labels)", () => {
  it.each<[string, CoarseRegion]>([
    ["eu", "eu"], ["EU", "eu"], ["europe", "eu"], ["eu-west", "eu"], ["eu-central-1", "eu"], ["europe-west3", "eu"],
    ["frankfurt", "eu"], ["Rotterdam", "eu"], ["fra", "eu"],
    ["us", "us"], ["us-east", "us"], ["us-east-1", "us"], ["ca-central-1", "us"], ["northamerica-northeast1", "us"],
    ["asia", "asia"], ["ap-south-1", "asia"], ["asia-southeast1", "asia"], ["tokyo", "asia"],
    ["sa-east-1", "southamerica"], ["southamerica-east1", "southamerica"], ["brazil", "southamerica"],
    ["oceania", "oceania"], ["australia-southeast1", "oceania"], ["sydney", "oceania"],
    ["africa", "africa"], ["af-south-1", "africa"],
    ["middleeast", "middleeast"], ["me-south-1", "middleeast"], ["dubai", "middleeast"],
  ])("%s → %s", (label, coarse) => {
    expect(coarseRegionOf(label)).toBe(coarse);
  });

  it.each([[""], ["default"], ["DEFAULT"], ["any"], ["rack-7"], ["constructor"], ["toString"]])("%p → null", (label) => {
    expect(coarseRegionOf(label)).toBeNull();
  });

  it("treats empty/default/any/global/* as neutral, case-insensitively", () => {
    for (const l of ["", " ", "default", "Default", "any", "GLOBAL", "*"]) expect(isNeutralRegionLabel(l)).toBe(true);
    for (const l of ["eu", "rack-7"]) expect(isNeutralRegionLabel(l)).toBe(false);
  });
});
