#!/usr/bin/env python3
"""Derives Contracts_PrimeTransactions_derived_from_fpds.csv from real FPDS XML in Samples/fpds.

No real rows of a USAspending Contracts_PrimeTransactions download exist in the data we hold (see
SOURCES.md), so this writes the real values of six real FPDS records into that file's 297-column
layout, column by column, as USAspending's Data Broker maps FPDS elements to columns. Columns with
no FPDS source (CGAC agency codes, File C accounts, outlays, county FIPS, executive
compensation, ...) stay empty. Run from the repository root:

    python3 Tests/ContractAwardsTests/Fixtures/usaspending/derive_from_fpds.py

The output is committed; this script documents how it was made.
"""
import csv
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
FPDS = ROOT / "Samples" / "fpds"
HEADER = ROOT.parent / "shared" / "data" / "usaspending-api" / "Contracts_PrimeTransactions.header.csv"
OUTPUT = Path(__file__).resolve().parent / "Contracts_PrimeTransactions_derived_from_fpds.csv"

# (file below Samples/fpds, PIID, modification number): the records written, in this order.
RECORDS = [
    ("kapangyu-gsa-FPDS_Atom_Feeds/fpds_feed_sample_1_org.xml", "0001", "11"),
    ("kenosa-atom-harvest/F3365786C0123__ed27a90247de/page-0000-start-0.xml", "F3365786C0123", "P00121"),
    ("kenosa-atom-harvest/SAQMMA12C1103__f69f81b8c082/page-0001-start-10.xml", "SAQMMA12C1103", "M011"),
    ("kenosa-atom-harvest/HSTS0108DHRM010__d608ad282196/page-0009-start-90.xml", "HSTS0108DHRM010", "P00090"),
    ("kenosa-atom-harvest/SAQMMA16D0136__1138163684fa/page-0000-start-0.xml", "SAQMMA16D0136", "P00001"),
    ("kenosa-atom-harvest/W91CRB15D0018__c8a1f6aefaeb/page-0000-start-0.xml", "W91CRB15D0018", "0"),
]


def local(tag):
    return tag.rsplit("}", 1)[-1]


def find(element, path):
    """The element at a '/'-separated local-name path below `element`, or None."""
    for name in path.split("/"):
        if element is None:
            return None
        element = next((child for child in element if local(child.tag) == name), None)
    return element


def text(element, path):
    found = find(element, path)
    return found.text if found is not None and found.text else ""


def attribute(element, path, name):
    found = find(element, path)
    return found.get(name, "") if found is not None else ""


def date(value):
    return value[:10]


def fiscal_year(value):
    if not value:
        return ""
    year, month = int(value[:4]), int(value[5:7])
    return str(year + 1 if month >= 10 else year)


def row_for(record):
    is_idv = local(record.tag) == "IDV"
    own = "contractID/IDVID" if is_idv else "awardID/awardContractID"
    ref = ("contractID" if is_idv else "awardID") + "/referencedIDVID"
    agency, piid, mod = text(record, own + "/agencyID"), text(record, own + "/PIID"), text(record, own + "/modNumber")
    transaction = text(record, own + "/transactionNumber")
    ref_agency, ref_piid = text(record, ref + "/agencyID"), text(record, ref + "/PIID")
    vendor = "vendor/vendorSiteDetails"
    ueis = vendor + "/entityIdentifiers/vendorUEIInformation"
    location = vendor + "/vendorLocation"
    place = "placeOfPerformance/principalPlaceOfPerformance"
    if is_idv:
        award_key = f"CONT_IDV_{piid}_{agency}"
    else:
        award_key = f"CONT_AWD_{piid}_{agency}_{ref_piid or '-NONE-'}_{ref_agency or '-NONE-'}"
    kind = text(record, "contractData/contractActionType")
    kind_name = attribute(record, "contractData/contractActionType", "description")
    values = {
        "contract_transaction_unique_key": "_".join(
            part or "-none-" for part in (agency, ref_agency, piid, mod, ref_piid, transaction)),
        "contract_award_unique_key": award_key,
        "award_id_piid": piid,
        "modification_number": mod,
        "transaction_number": transaction,
        "parent_award_agency_id": ref_agency,
        "parent_award_agency_name": attribute(record, ref + "/agencyID", "name"),
        "parent_award_id_piid": ref_piid,
        "parent_award_modification_number": text(record, ref + "/modNumber"),
        "federal_action_obligation": text(record, "dollarValues/obligatedAmount"),
        "total_dollars_obligated": text(record, "totalDollarValues/totalObligatedAmount"),
        "base_and_exercised_options_value": text(record, "dollarValues/baseAndExercisedOptionsValue"),
        "current_total_value_of_award": text(record, "totalDollarValues/totalBaseAndExercisedOptionsValue"),
        "base_and_all_options_value": text(record, "dollarValues/baseAndAllOptionsValue"),
        "potential_total_value_of_award": text(record, "totalDollarValues/totalBaseAndAllOptionsValue"),
        "action_date": date(text(record, "relevantContractDates/signedDate")),
        "action_date_fiscal_year": fiscal_year(text(record, "relevantContractDates/signedDate")),
        "period_of_performance_start_date": date(text(record, "relevantContractDates/effectiveDate")),
        "period_of_performance_current_end_date": date(text(record, "relevantContractDates/currentCompletionDate")),
        "period_of_performance_potential_end_date": date(text(record, "relevantContractDates/ultimateCompletionDate")),
        "ordering_period_end_date": date(text(record, "relevantContractDates/lastDateToOrder")),
        "awarding_agency_name": attribute(record, "purchaserInformation/contractingOfficeAgencyID", "departmentName"),
        "awarding_sub_agency_code": text(record, "purchaserInformation/contractingOfficeAgencyID"),
        "awarding_sub_agency_name": attribute(record, "purchaserInformation/contractingOfficeAgencyID", "name"),
        "awarding_office_code": text(record, "purchaserInformation/contractingOfficeID"),
        "awarding_office_name": attribute(record, "purchaserInformation/contractingOfficeID", "name"),
        "funding_agency_name": attribute(record, "purchaserInformation/fundingRequestingAgencyID", "departmentName"),
        "funding_sub_agency_code": text(record, "purchaserInformation/fundingRequestingAgencyID"),
        "funding_sub_agency_name": attribute(record, "purchaserInformation/fundingRequestingAgencyID", "name"),
        "funding_office_code": text(record, "purchaserInformation/fundingRequestingOfficeID"),
        "funding_office_name": attribute(record, "purchaserInformation/fundingRequestingOfficeID", "name"),
        "foreign_funding": text(record, "purchaserInformation/foreignFunding"),
        "foreign_funding_description": attribute(record, "purchaserInformation/foreignFunding", "description"),
        "recipient_uei": text(record, ueis + "/UEI"),
        "recipient_duns": text(record, vendor + "/vendorDUNSInformation/DUNSNumber"),
        # USAspending's recipient_name is its recipient profile's name, or else the FPDS name in
        # upper case; we have no profile, so the fallback is used.
        "recipient_name": text(record, "vendor/vendorHeader/vendorName").upper(),
        "recipient_name_raw": text(record, "vendor/vendorHeader/vendorName"),
        "recipient_doing_business_as_name": text(record, "vendor/vendorHeader/vendorDoingAsBusinessName"),
        "cage_code": text(record, vendor + "/entityIdentifiers/cageCode"),
        "recipient_parent_uei": text(record, ueis + "/ultimateParentUEI"),
        "recipient_parent_duns": text(record, vendor + "/vendorDUNSInformation/globalParentDUNSNumber"),
        "recipient_parent_name": text(record, ueis + "/ultimateParentUEIName").upper(),
        "recipient_parent_name_raw": text(record, ueis + "/ultimateParentUEIName"),
        "recipient_country_code": text(record, location + "/countryCode"),
        "recipient_country_name": attribute(record, location + "/countryCode", "name"),
        "recipient_address_line_1": text(record, location + "/streetAddress"),
        "recipient_city_name": text(record, location + "/city"),
        "recipient_state_code": text(record, location + "/state"),
        "recipient_state_name": attribute(record, location + "/state", "name"),
        "recipient_zip_4_code": text(record, location + "/ZIPCode"),
        "recipient_phone_number": text(record, location + "/phoneNo"),
        "recipient_fax_number": text(record, location + "/faxNo"),
        "primary_place_of_performance_country_code": text(record, place + "/countryCode"),
        "primary_place_of_performance_country_name": attribute(record, place + "/countryCode", "name"),
        "primary_place_of_performance_city_name": attribute(
            record, "placeOfPerformance/placeOfPerformanceZIPCode", "city"),
        "primary_place_of_performance_county_name": attribute(
            record, "placeOfPerformance/placeOfPerformanceZIPCode", "county"),
        "primary_place_of_performance_state_code": text(record, place + "/stateCode"),
        "primary_place_of_performance_state_name": attribute(record, place + "/stateCode", "name"),
        "primary_place_of_performance_zip_4": text(record, "placeOfPerformance/placeOfPerformanceZIPCode"),
        "award_or_idv_flag": "IDV" if is_idv else "AWARD",
        "award_type_code": "" if is_idv else kind,
        "award_type": "" if is_idv else kind_name,
        "idv_type_code": kind if is_idv else "",
        "idv_type": kind_name if is_idv else "",
        "multiple_or_single_award_idv_code": text(record, "contractData/multipleOrSingleAwardIDC"),
        "multiple_or_single_award_idv": attribute(record, "contractData/multipleOrSingleAwardIDC", "description"),
        "type_of_idc_code": text(record, "contractData/typeOfIDC"),
        "type_of_idc": attribute(record, "contractData/typeOfIDC", "description"),
        "type_of_contract_pricing_code": text(record, "contractData/typeOfContractPricing"),
        "type_of_contract_pricing": attribute(record, "contractData/typeOfContractPricing", "description"),
        "transaction_description": text(record, "contractData/descriptionOfContractRequirement"),
        "action_type_code": text(record, "contractData/reasonForModification"),
        "action_type": attribute(record, "contractData/reasonForModification", "description"),
        "solicitation_identifier": text(record, "contractData/solicitationID"),
        "number_of_actions": text(record, "contractData/numberOfActions"),
        "product_or_service_code": text(record, "productOrServiceInformation/productOrServiceCode"),
        "product_or_service_code_description": attribute(
            record, "productOrServiceInformation/productOrServiceCode", "description"),
        "dod_claimant_program_code": text(record, "productOrServiceInformation/claimantProgramCode"),
        "dod_claimant_program_description": attribute(
            record, "productOrServiceInformation/claimantProgramCode", "description"),
        "naics_code": text(record, "productOrServiceInformation/principalNAICSCode"),
        "naics_description": attribute(record, "productOrServiceInformation/principalNAICSCode", "description"),
        "extent_competed_code": text(record, "competition/extentCompeted"),
        "extent_competed": attribute(record, "competition/extentCompeted", "description"),
        "solicitation_procedures_code": text(record, "competition/solicitationProcedures"),
        "solicitation_procedures": attribute(record, "competition/solicitationProcedures", "description"),
        "type_of_set_aside_code": text(record, "competition/typeOfSetAside"),
        "type_of_set_aside": attribute(record, "competition/typeOfSetAside", "description"),
        "other_than_full_and_open_competition_code": text(record, "competition/reasonNotCompeted"),
        "other_than_full_and_open_competition": attribute(record, "competition/reasonNotCompeted", "description"),
        "number_of_offers_received": text(record, "competition/numberOfOffersReceived"),
        "parent_award_type_code": text(record, "contractData/referencedIDVType"),
        "parent_award_type": attribute(record, "contractData/referencedIDVType", "description"),
        "parent_award_single_or_multiple_code": text(record, "contractData/referencedIDVMultipleOrSingle"),
        "parent_award_single_or_multiple": attribute(
            record, "contractData/referencedIDVMultipleOrSingle", "description"),
        "major_program": text(record, "contractData/majorProgramCode"),
        "national_interest_action_code": text(record, "contractData/nationalInterestActionCode"),
        "national_interest_action": attribute(record, "contractData/nationalInterestActionCode", "description"),
        "usaspending_permalink": f"https://www.usaspending.gov/award/{award_key}/",
        "initial_report_date": text(record, "transactionInformation/createdDate"),
        "last_modified_date": text(record, "transactionInformation/lastModifiedDate"),
    }
    return values


def records(path, piid, mod):
    root = ET.parse(FPDS / path).getroot()
    for element in root.iter():
        if local(element.tag) not in ("award", "IDV"):
            continue
        own = "contractID/IDVID" if local(element.tag) == "IDV" else "awardID/awardContractID"
        if text(element, own + "/PIID") == piid and text(element, own + "/modNumber") == mod:
            return element
    sys.exit(f"{path}: no record {piid} mod {mod}")


def main():
    with open(HEADER, newline="") as handle:
        header = next(csv.reader(handle))
    with open(OUTPUT, "w", newline="") as handle:
        # PostgreSQL's COPY … CSV, which writes USAspending's downloads, quotes only when needed
        # and ends lines with LF.
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        for path, piid, mod in RECORDS:
            values = row_for(records(path, piid, mod))
            unknown = set(values) - set(header)
            assert not unknown, unknown
            writer.writerow([values.get(name, "") for name in header])


if __name__ == "__main__":
    main()
