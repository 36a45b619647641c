// Identifiers used by the catalog examples. CNPJs and access keys have valid check digits (see the tests).

/** 12.345.678/0001-95, the issuing company. */
export const exampleCompanyCnpj = "12345678000195";

/** 11.222.333/0001-81, the customer. */
export const exampleRecipientCnpj = "11222333000181";

/** cUF 35 (SP), AAMM 2611, model 55, series 001, number 4242, tpEmis 1, cNF 10293847. */
export const exampleNfeAccessKey = "35261112345678000195550010000042421102938472";

/** cUF 35 (SP), AAMM 2611, model 65, series 001, number 1337, tpEmis 1, cNF 56473829. */
export const exampleNfceAccessKey = "35261112345678000195650010000013371564738290";

/** IBGE code of São Paulo (SP), where the example company renders services. */
export const exampleCityCode = "3550308";
