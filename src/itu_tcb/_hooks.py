"""The strict converter's structure functions, generated ahead of time.

GENERATED FILE: do not edit. ``python -m itu_tcb._generate`` writes it (see
``_hookgen``); a test fails while it is stale. Each function is the text cattrs
generates for the class (``cattrs.gen.make_dict_structure_fn``, forbidden extra
keys, detailed validation), unchanged, inside a factory that takes what the
function reads, by cattrs' own names (``_convert._Strict.namespace`` gives them).
The byte code is compiled once, at install, instead of at every start.
"""

# fmt: off

from collections.abc import Callable
from typing import Any

#: The cattrs release whose text this is (another one may write other text;
#: the functions are checked against cattrs' own at run time by the tests).
CATTRS = '26.2.1'


def _Metadata(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_title, __c_type_title, __c_structure_data_version, __c_type_data_version, __c_structure_source, __c_type_source, __c_structure_citation, __c_type_citation, __c_structure_terms, __c_type_terms):
    def structure_Metadata(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_title=__c_structure_title, __c_type_title=__c_type_title, __c_structure_data_version=__c_structure_data_version, __c_type_data_version=__c_type_data_version, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_citation=__c_structure_citation, __c_type_citation=__c_type_citation, __c_structure_terms=__c_structure_terms, __c_type_terms=__c_type_terms):
      res = {}
      errors = []
      try:
        res['title'] = __c_structure_title(o['title'], __c_type_title)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Metadata @ attribute title", "title", __c_type_title)]
        errors.append(e)
      try:
        res['data_version'] = __c_structure_data_version(o['data_version'], __c_type_data_version)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Metadata @ attribute data_version", "data_version", __c_type_data_version)]
        errors.append(e)
      try:
        res['source'] = __c_structure_source(o['source'], __c_type_source)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Metadata @ attribute source", "source", __c_type_source)]
        errors.append(e)
      try:
        res['citation'] = __c_structure_citation(o['citation'], __c_type_citation)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Metadata @ attribute citation", "citation", __c_type_citation)]
        errors.append(e)
      if 'terms' in o:
        try:
          res['terms'] = __c_structure_terms(o['terms'], __c_type_terms)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Metadata @ attribute terms", "terms", __c_type_terms)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Metadata', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Metadata', [exc], __cl)
    return structure_Metadata


def _Agency(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_name, __c_type_name, __c_structure_acronym, __c_type_acronym, __c_structure_agency_kind, __c_type_agency_kind, __c_structure_years_active, __c_type_years_active, __c_structure_functions, __c_type_functions, __c_structure_technology_areas, __c_type_technology_areas, __c_structure_technology_areas_restated, __c_type_technology_areas_restated, __c_structure_global_challenges, __c_type_global_challenges, __c_structure_commitment, __c_type_commitment):
    def structure_Agency(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_acronym=__c_structure_acronym, __c_type_acronym=__c_type_acronym, __c_structure_agency_kind=__c_structure_agency_kind, __c_type_agency_kind=__c_type_agency_kind, __c_structure_years_active=__c_structure_years_active, __c_type_years_active=__c_type_years_active, __c_structure_functions=__c_structure_functions, __c_type_functions=__c_type_functions, __c_structure_technology_areas=__c_structure_technology_areas, __c_type_technology_areas=__c_type_technology_areas, __c_structure_technology_areas_restated=__c_structure_technology_areas_restated, __c_type_technology_areas_restated=__c_type_technology_areas_restated, __c_structure_global_challenges=__c_structure_global_challenges, __c_type_global_challenges=__c_type_global_challenges, __c_structure_commitment=__c_structure_commitment, __c_type_commitment=__c_type_commitment):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute source", "source", __c_type_source)]
          errors.append(e)
      if 'name' in o:
        try:
          res['name'] = __c_structure_name(o['name'], __c_type_name)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute name", "name", __c_type_name)]
          errors.append(e)
      if 'acronym' in o:
        try:
          res['acronym'] = __c_structure_acronym(o['acronym'], __c_type_acronym)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute acronym", "acronym", __c_type_acronym)]
          errors.append(e)
      if 'agency_kind' in o:
        try:
          res['agency_kind'] = __c_structure_agency_kind(o['agency_kind'], __c_type_agency_kind)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute agency_kind", "agency_kind", __c_type_agency_kind)]
          errors.append(e)
      if 'years_active' in o:
        try:
          res['years_active'] = __c_structure_years_active(o['years_active'], __c_type_years_active)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute years_active", "years_active", __c_type_years_active)]
          errors.append(e)
      if 'functions' in o:
        try:
          res['functions'] = __c_structure_functions(o['functions'], __c_type_functions)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute functions", "functions", __c_type_functions)]
          errors.append(e)
      if 'technology_areas' in o:
        try:
          res['technology_areas'] = __c_structure_technology_areas(o['technology_areas'], __c_type_technology_areas)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute technology_areas", "technology_areas", __c_type_technology_areas)]
          errors.append(e)
      if 'technology_areas_restated' in o:
        try:
          res['technology_areas_restated'] = __c_structure_technology_areas_restated(o['technology_areas_restated'], __c_type_technology_areas_restated)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute technology_areas_restated", "technology_areas_restated", __c_type_technology_areas_restated)]
          errors.append(e)
      if 'global_challenges' in o:
        try:
          res['global_challenges'] = __c_structure_global_challenges(o['global_challenges'], __c_type_global_challenges)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute global_challenges", "global_challenges", __c_type_global_challenges)]
          errors.append(e)
      if 'commitment' in o:
        try:
          res['commitment'] = __c_structure_commitment(o['commitment'], __c_type_commitment)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Agency @ attribute commitment", "commitment", __c_type_commitment)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Agency', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Agency', [exc], __cl)
    return structure_Agency


def _Sector(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_code, __c_type_code, __c_structure_name, __c_type_name, __c_structure_agency, __c_type_agency):
    def structure_Sector(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_code=__c_structure_code, __c_type_code=__c_type_code, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_agency=__c_structure_agency, __c_type_agency=__c_type_agency):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['code'] = __c_structure_code(o['code'], __c_type_code)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute code", "code", __c_type_code)]
        errors.append(e)
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute name", "name", __c_type_name)]
        errors.append(e)
      try:
        res['agency'] = __c_structure_agency(o['agency'], __c_type_agency)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Sector @ attribute agency", "agency", __c_type_agency)]
        errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Sector', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Sector', [exc], __cl)
    return structure_Sector


def _Programme(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_name, __c_type_name, __c_structure_agency, __c_type_agency, __c_structure_focus, __c_type_focus, __c_structure_drivers_of_change, __c_type_drivers_of_change, __c_structure_target_groups, __c_type_target_groups):
    def structure_Programme(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_agency=__c_structure_agency, __c_type_agency=__c_type_agency, __c_structure_focus=__c_structure_focus, __c_type_focus=__c_type_focus, __c_structure_drivers_of_change=__c_structure_drivers_of_change, __c_type_drivers_of_change=__c_type_drivers_of_change, __c_structure_target_groups=__c_structure_target_groups, __c_type_target_groups=__c_type_target_groups):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute name", "name", __c_type_name)]
        errors.append(e)
      try:
        res['agency'] = __c_structure_agency(o['agency'], __c_type_agency)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute agency", "agency", __c_type_agency)]
        errors.append(e)
      if 'focus' in o:
        try:
          res['focus'] = __c_structure_focus(o['focus'], __c_type_focus)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute focus", "focus", __c_type_focus)]
          errors.append(e)
      if 'drivers_of_change' in o:
        try:
          res['drivers_of_change'] = __c_structure_drivers_of_change(o['drivers_of_change'], __c_type_drivers_of_change)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute drivers_of_change", "drivers_of_change", __c_type_drivers_of_change)]
          errors.append(e)
      if 'target_groups' in o:
        try:
          res['target_groups'] = __c_structure_target_groups(o['target_groups'], __c_type_target_groups)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Programme @ attribute target_groups", "target_groups", __c_type_target_groups)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Programme', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Programme', [exc], __cl)
    return structure_Programme


def _Initiative(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_name, __c_type_name, __c_structure_agency, __c_type_agency, __c_structure_programme, __c_type_programme):
    def structure_Initiative(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_agency=__c_structure_agency, __c_type_agency=__c_type_agency, __c_structure_programme=__c_structure_programme, __c_type_programme=__c_type_programme):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute name", "name", __c_type_name)]
        errors.append(e)
      try:
        res['agency'] = __c_structure_agency(o['agency'], __c_type_agency)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute agency", "agency", __c_type_agency)]
        errors.append(e)
      if 'programme' in o:
        try:
          res['programme'] = __c_structure_programme(o['programme'], __c_type_programme)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Initiative @ attribute programme", "programme", __c_type_programme)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Initiative', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Initiative', [exc], __cl)
    return structure_Initiative


def _Partnership(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_name, __c_type_name, __c_structure_partnership_kind, __c_type_partnership_kind, __c_structure_agency, __c_type_agency, __c_structure_parties, __c_type_parties, __c_structure_partners, __c_type_partners, __c_structure_open_ended, __c_type_open_ended):
    def structure_Partnership(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_partnership_kind=__c_structure_partnership_kind, __c_type_partnership_kind=__c_type_partnership_kind, __c_structure_agency=__c_structure_agency, __c_type_agency=__c_type_agency, __c_structure_parties=__c_structure_parties, __c_type_parties=__c_type_parties, __c_structure_partners=__c_structure_partners, __c_type_partners=__c_type_partners, __c_structure_open_ended=__c_structure_open_ended, __c_type_open_ended=__c_type_open_ended):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute name", "name", __c_type_name)]
        errors.append(e)
      try:
        res['partnership_kind'] = __c_structure_partnership_kind(o['partnership_kind'], __c_type_partnership_kind)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute partnership_kind", "partnership_kind", __c_type_partnership_kind)]
        errors.append(e)
      try:
        res['agency'] = __c_structure_agency(o['agency'], __c_type_agency)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute agency", "agency", __c_type_agency)]
        errors.append(e)
      if 'parties' in o:
        try:
          res['parties'] = __c_structure_parties(o['parties'], __c_type_parties)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute parties", "parties", __c_type_parties)]
          errors.append(e)
      if 'partners' in o:
        try:
          res['partners'] = __c_structure_partners(o['partners'], __c_type_partners)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute partners", "partners", __c_type_partners)]
          errors.append(e)
      if 'open_ended' in o:
        try:
          res['open_ended'] = __c_structure_open_ended(o['open_ended'], __c_type_open_ended)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Partnership @ attribute open_ended", "open_ended", __c_type_open_ended)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Partnership', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Partnership', [exc], __cl)
    return structure_Partnership


def _Membership(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_agency, __c_type_agency, __c_structure_counts, __c_type_counts, __c_structure_member_kinds, __c_type_member_kinds):
    def structure_Membership(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_agency=__c_structure_agency, __c_type_agency=__c_type_agency, __c_structure_counts=__c_structure_counts, __c_type_counts=__c_type_counts, __c_structure_member_kinds=__c_structure_member_kinds, __c_type_member_kinds=__c_type_member_kinds):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['agency'] = __c_structure_agency(o['agency'], __c_type_agency)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute agency", "agency", __c_type_agency)]
        errors.append(e)
      if 'counts' in o:
        try:
          res['counts'] = __c_structure_counts(o['counts'], __c_type_counts)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute counts", "counts", __c_type_counts)]
          errors.append(e)
      if 'member_kinds' in o:
        try:
          res['member_kinds'] = __c_structure_member_kinds(o['member_kinds'], __c_type_member_kinds)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Membership @ attribute member_kinds", "member_kinds", __c_type_member_kinds)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Membership', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Membership', [exc], __cl)
    return structure_Membership


def _Event(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_name, __c_type_name, __c_structure_event_kind, __c_type_event_kind, __c_structure_agency, __c_type_agency, __c_structure_sector, __c_type_sector, __c_structure_partnership, __c_type_partnership, __c_structure_participants, __c_type_participants):
    def structure_Event(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_event_kind=__c_structure_event_kind, __c_type_event_kind=__c_type_event_kind, __c_structure_agency=__c_structure_agency, __c_type_agency=__c_type_agency, __c_structure_sector=__c_structure_sector, __c_type_sector=__c_type_sector, __c_structure_partnership=__c_structure_partnership, __c_type_partnership=__c_type_partnership, __c_structure_participants=__c_structure_participants, __c_type_participants=__c_type_participants):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute name", "name", __c_type_name)]
        errors.append(e)
      try:
        res['event_kind'] = __c_structure_event_kind(o['event_kind'], __c_type_event_kind)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute event_kind", "event_kind", __c_type_event_kind)]
        errors.append(e)
      try:
        res['agency'] = __c_structure_agency(o['agency'], __c_type_agency)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute agency", "agency", __c_type_agency)]
        errors.append(e)
      if 'sector' in o:
        try:
          res['sector'] = __c_structure_sector(o['sector'], __c_type_sector)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute sector", "sector", __c_type_sector)]
          errors.append(e)
      if 'partnership' in o:
        try:
          res['partnership'] = __c_structure_partnership(o['partnership'], __c_type_partnership)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute partnership", "partnership", __c_type_partnership)]
          errors.append(e)
      if 'participants' in o:
        try:
          res['participants'] = __c_structure_participants(o['participants'], __c_type_participants)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Event @ attribute participants", "participants", __c_type_participants)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Event', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Event', [exc], __cl)
    return structure_Event


def _ActivityCategory(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_agency, __c_type_agency, __c_structure_heading, __c_type_heading, __c_structure_heading_lost, __c_type_heading_lost, __c_structure_project_label, __c_type_project_label):
    def structure_ActivityCategory(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_agency=__c_structure_agency, __c_type_agency=__c_type_agency, __c_structure_heading=__c_structure_heading, __c_type_heading=__c_type_heading, __c_structure_heading_lost=__c_structure_heading_lost, __c_type_heading_lost=__c_type_heading_lost, __c_structure_project_label=__c_structure_project_label, __c_type_project_label=__c_type_project_label):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['agency'] = __c_structure_agency(o['agency'], __c_type_agency)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute agency", "agency", __c_type_agency)]
        errors.append(e)
      if 'heading' in o:
        try:
          res['heading'] = __c_structure_heading(o['heading'], __c_type_heading)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute heading", "heading", __c_type_heading)]
          errors.append(e)
      if 'heading_lost' in o:
        try:
          res['heading_lost'] = __c_structure_heading_lost(o['heading_lost'], __c_type_heading_lost)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute heading_lost", "heading_lost", __c_type_heading_lost)]
          errors.append(e)
      if 'project_label' in o:
        try:
          res['project_label'] = __c_structure_project_label(o['project_label'], __c_type_project_label)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class ActivityCategory @ attribute project_label", "project_label", __c_type_project_label)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'ActivityCategory', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'ActivityCategory', [exc], __cl)
    return structure_ActivityCategory


def _Activity(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_id, __c_type_id, __c_structure_description, __c_type_description, __c_structure_aliases, __c_type_aliases, __c_structure_note, __c_type_note, __c_structure_external_fields, __c_type_external_fields, __c_structure_open_lists, __c_type_open_lists, __c_structure_source, __c_type_source, __c_structure_name, __c_type_name, __c_structure_acronym, __c_type_acronym, __c_structure_category, __c_type_category):
    def structure_Activity(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_id=__c_structure_id, __c_type_id=__c_type_id, __c_structure_description=__c_structure_description, __c_type_description=__c_type_description, __c_structure_aliases=__c_structure_aliases, __c_type_aliases=__c_type_aliases, __c_structure_note=__c_structure_note, __c_type_note=__c_type_note, __c_structure_external_fields=__c_structure_external_fields, __c_type_external_fields=__c_type_external_fields, __c_structure_open_lists=__c_structure_open_lists, __c_type_open_lists=__c_type_open_lists, __c_structure_source=__c_structure_source, __c_type_source=__c_type_source, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_acronym=__c_structure_acronym, __c_type_acronym=__c_type_acronym, __c_structure_category=__c_structure_category, __c_type_category=__c_type_category):
      res = {}
      errors = []
      try:
        res['id'] = __c_structure_id(o['id'], __c_type_id)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute id", "id", __c_type_id)]
        errors.append(e)
      if 'description' in o:
        try:
          res['description'] = __c_structure_description(o['description'], __c_type_description)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute description", "description", __c_type_description)]
          errors.append(e)
      if 'aliases' in o:
        try:
          res['aliases'] = __c_structure_aliases(o['aliases'], __c_type_aliases)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute aliases", "aliases", __c_type_aliases)]
          errors.append(e)
      if 'note' in o:
        try:
          res['note'] = __c_structure_note(o['note'], __c_type_note)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute note", "note", __c_type_note)]
          errors.append(e)
      if 'external_fields' in o:
        try:
          res['external_fields'] = __c_structure_external_fields(o['external_fields'], __c_type_external_fields)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute external_fields", "external_fields", __c_type_external_fields)]
          errors.append(e)
      if 'open_lists' in o:
        try:
          res['open_lists'] = __c_structure_open_lists(o['open_lists'], __c_type_open_lists)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute open_lists", "open_lists", __c_type_open_lists)]
          errors.append(e)
      if 'source' in o:
        try:
          res['source'] = __c_structure_source(o['source'], __c_type_source)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute source", "source", __c_type_source)]
          errors.append(e)
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute name", "name", __c_type_name)]
        errors.append(e)
      if 'acronym' in o:
        try:
          res['acronym'] = __c_structure_acronym(o['acronym'], __c_type_acronym)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute acronym", "acronym", __c_type_acronym)]
          errors.append(e)
      try:
        res['category'] = __c_structure_category(o['category'], __c_type_category)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Activity @ attribute category", "category", __c_type_category)]
        errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Activity', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Activity', [exc], __cl)
    return structure_Activity


def _Provenance(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_metadata, __c_type_metadata, __c_structure_records, __c_type_records):
    def structure_Provenance(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_metadata=__c_structure_metadata, __c_type_metadata=__c_type_metadata, __c_structure_records=__c_structure_records, __c_type_records=__c_type_records):
      res = {}
      errors = []
      try:
        res['metadata'] = __c_structure_metadata(o['metadata'], __c_type_metadata)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Provenance @ attribute metadata", "metadata", __c_type_metadata)]
        errors.append(e)
      try:
        res['records'] = __c_structure_records(o['records'], __c_type_records)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Provenance @ attribute records", "records", __c_type_records)]
        errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Provenance', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Provenance', [exc], __cl)
    return structure_Provenance


def _Source(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_title, __c_type_title, __c_structure_publisher, __c_type_publisher, __c_structure_url, __c_type_url, __c_structure_date, __c_type_date, __c_structure_content_as_of, __c_type_content_as_of):
    def structure_Source(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_title=__c_structure_title, __c_type_title=__c_type_title, __c_structure_publisher=__c_structure_publisher, __c_type_publisher=__c_type_publisher, __c_structure_url=__c_structure_url, __c_type_url=__c_type_url, __c_structure_date=__c_structure_date, __c_type_date=__c_type_date, __c_structure_content_as_of=__c_structure_content_as_of, __c_type_content_as_of=__c_type_content_as_of):
      res = {}
      errors = []
      try:
        res['title'] = __c_structure_title(o['title'], __c_type_title)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Source @ attribute title", "title", __c_type_title)]
        errors.append(e)
      try:
        res['publisher'] = __c_structure_publisher(o['publisher'], __c_type_publisher)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Source @ attribute publisher", "publisher", __c_type_publisher)]
        errors.append(e)
      if 'url' in o:
        try:
          res['url'] = __c_structure_url(o['url'], __c_type_url)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Source @ attribute url", "url", __c_type_url)]
          errors.append(e)
      if 'date' in o:
        try:
          res['date'] = __c_structure_date(o['date'], __c_type_date)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Source @ attribute date", "date", __c_type_date)]
          errors.append(e)
      if 'content_as_of' in o:
        try:
          res['content_as_of'] = __c_structure_content_as_of(o['content_as_of'], __c_type_content_as_of)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Source @ attribute content_as_of", "content_as_of", __c_type_content_as_of)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Source', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Source', [exc], __cl)
    return structure_Source


def _SourceRef(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_section, __c_type_section, __c_structure_links, __c_type_links):
    def structure_SourceRef(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_section=__c_structure_section, __c_type_section=__c_type_section, __c_structure_links=__c_structure_links, __c_type_links=__c_type_links):
      res = {}
      errors = []
      if 'section' in o:
        try:
          res['section'] = __c_structure_section(o['section'], __c_type_section)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class SourceRef @ attribute section", "section", __c_type_section)]
          errors.append(e)
      if 'links' in o:
        try:
          res['links'] = __c_structure_links(o['links'], __c_type_links)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class SourceRef @ attribute links", "links", __c_type_links)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'SourceRef', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'SourceRef', [exc], __cl)
    return structure_SourceRef


def _Count(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_value, __c_type_value, __c_structure_qualifier, __c_type_qualifier):
    def structure_Count(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_value=__c_structure_value, __c_type_value=__c_type_value, __c_structure_qualifier=__c_structure_qualifier, __c_type_qualifier=__c_type_qualifier):
      res = {}
      errors = []
      try:
        res['value'] = __c_structure_value(o['value'], __c_type_value)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Count @ attribute value", "value", __c_type_value)]
        errors.append(e)
      if 'qualifier' in o:
        try:
          res['qualifier'] = __c_structure_qualifier(o['qualifier'], __c_type_qualifier)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Count @ attribute qualifier", "qualifier", __c_type_qualifier)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Count', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Count', [exc], __cl)
    return structure_Count


def _DriverOfChange(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_name, __c_type_name, __c_structure_period, __c_type_period):
    def structure_DriverOfChange(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_period=__c_structure_period, __c_type_period=__c_type_period):
      res = {}
      errors = []
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class DriverOfChange @ attribute name", "name", __c_type_name)]
        errors.append(e)
      try:
        res['period'] = __c_structure_period(o['period'], __c_type_period)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class DriverOfChange @ attribute period", "period", __c_type_period)]
        errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'DriverOfChange', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'DriverOfChange', [exc], __cl)
    return structure_DriverOfChange


def _TargetGroup(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_name, __c_type_name, __c_structure_level, __c_type_level):
    def structure_TargetGroup(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_name=__c_structure_name, __c_type_name=__c_type_name, __c_structure_level=__c_structure_level, __c_type_level=__c_type_level):
      res = {}
      errors = []
      try:
        res['name'] = __c_structure_name(o['name'], __c_type_name)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class TargetGroup @ attribute name", "name", __c_type_name)]
        errors.append(e)
      if 'level' in o:
        try:
          res['level'] = __c_structure_level(o['level'], __c_type_level)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class TargetGroup @ attribute level", "level", __c_type_level)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'TargetGroup', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'TargetGroup', [exc], __cl)
    return structure_TargetGroup


def _MemberCount(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_category, __c_type_category, __c_structure_count, __c_type_count):
    def structure_MemberCount(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_category=__c_structure_category, __c_type_category=__c_type_category, __c_structure_count=__c_structure_count, __c_type_count=__c_type_count):
      res = {}
      errors = []
      try:
        res['category'] = __c_structure_category(o['category'], __c_type_category)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class MemberCount @ attribute category", "category", __c_type_category)]
        errors.append(e)
      try:
        res['count'] = __c_structure_count(o['count'], __c_type_count)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class MemberCount @ attribute count", "count", __c_type_count)]
        errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'MemberCount', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'MemberCount', [exc], __cl)
    return structure_MemberCount


def _Link(__c_a, __c_feke, __cl, __c_cve, __c_avn, __c_structure_label, __c_type_label, __c_structure_url, __c_type_url, __c_structure_target_lost, __c_type_target_lost):
    def structure_Link(o, _=__cl, __cl=__cl, __c_cve=__c_cve, __c_avn=__c_avn, __c_structure_label=__c_structure_label, __c_type_label=__c_type_label, __c_structure_url=__c_structure_url, __c_type_url=__c_type_url, __c_structure_target_lost=__c_structure_target_lost, __c_type_target_lost=__c_type_target_lost):
      res = {}
      errors = []
      try:
        res['label'] = __c_structure_label(o['label'], __c_type_label)
      except Exception as e:
        e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Link @ attribute label", "label", __c_type_label)]
        errors.append(e)
      if 'url' in o:
        try:
          res['url'] = __c_structure_url(o['url'], __c_type_url)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Link @ attribute url", "url", __c_type_url)]
          errors.append(e)
      if 'target_lost' in o:
        try:
          res['target_lost'] = __c_structure_target_lost(o['target_lost'], __c_type_target_lost)
        except Exception as e:
          e.__notes__ = getattr(e, '__notes__', []) + [__c_avn("Structuring class Link @ attribute target_lost", "target_lost", __c_type_target_lost)]
          errors.append(e)
      unknown_fields = set(o.keys()) - __c_a
      if unknown_fields:
        errors.append(__c_feke('', __cl, unknown_fields))
      if errors: raise __c_cve('While structuring ' + 'Link', errors, __cl)
      try:
        return __cl(
          **res,
        )
      except Exception as exc: raise __c_cve('While structuring ' + 'Link', [exc], __cl)
    return structure_Link


#: Each class's factory, by class name.
FACTORIES: dict[str, Callable[..., Any]] = {
    'Metadata': _Metadata,
    'Agency': _Agency,
    'Sector': _Sector,
    'Programme': _Programme,
    'Initiative': _Initiative,
    'Partnership': _Partnership,
    'Membership': _Membership,
    'Event': _Event,
    'ActivityCategory': _ActivityCategory,
    'Activity': _Activity,
    'Provenance': _Provenance,
    'Source': _Source,
    'SourceRef': _SourceRef,
    'Count': _Count,
    'DriverOfChange': _DriverOfChange,
    'TargetGroup': _TargetGroup,
    'MemberCount': _MemberCount,
    'Link': _Link,
}
