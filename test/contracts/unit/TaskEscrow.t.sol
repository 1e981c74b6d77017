// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {JuryHelpers} from "../utils/JuryHelpers.sol";
import {GuardedOwnable} from "../../../contracts/access/GuardedOwnable.sol";
import {TaskEscrow} from "../../../contracts/escrow/TaskEscrow.sol";
import {IJury} from "../../../contracts/interfaces/IJury.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";
import {IStakingVault} from "../../../contracts/interfaces/IStakingVault.sol";
import {ITaskEscrow} from "../../../contracts/interfaces/ITaskEscrow.sol";
import {Payouts} from "../../../contracts/libraries/Payouts.sol";

/// @notice A requester that is a contract and refuses native payments until told otherwise.
contract RefusingRequester {
    error Refused();

    bool public accepting;

    receive() external payable {
        if (!accepting) revert Refused();
    }

    function setAccepting(bool value) external {
        accepting = value;
    }

    function create(TaskEscrow escrow, ITaskEscrow.TaskParams calldata p) external payable returns (uint256) {
        return escrow.createTask{value: msg.value}(p);
    }

    function cancel(TaskEscrow escrow, uint256 taskId) external {
        escrow.cancel(taskId);
    }

    function withdrawOwed(TaskEscrow escrow) external {
        escrow.withdrawOwed(address(0));
    }
}

/// @notice Unit and fuzz tests of TaskEscrow: every external function, every revert path (by
/// error and arguments), the events, and the timing boundaries of each step. The claim's stake is
/// paid into the escrow (native: msg.value; token: pulled); the vault only checks standing.
contract TaskEscrowTest is JuryHelpers {
    uint256 internal constant STAKE = 0.1 ether; // 10% of BOUNTY
    uint256 internal constant WAD = 1e18;

    function setUp() public override {
        super.setUp();
        _stakeNative(agent, 1 ether); // standing in the vault
    }

    // ---------------------------------------------------------------- helpers

    function _claimed() internal returns (uint256 taskId) {
        taskId = _createNative();
        _claimAs(agent, taskId);
    }

    function _submitted() internal returns (uint256 taskId) {
        taskId = _claimed();
        _submit(agent, taskId);
    }

    function _disputed() internal returns (uint256 taskId) {
        taskId = _submitted();
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
    }

    function _create(ITaskEscrow.TaskParams memory p) internal returns (uint256 taskId) {
        vm.prank(requester);
        taskId = escrow.createTask{value: p.token == address(0) ? p.amount : 0}(p);
    }

    function _expectInvalid(ITaskEscrow.TaskParams memory p, string memory field) internal {
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowInvalidParameter.selector, field));
        vm.prank(requester);
        escrow.createTask{value: p.amount}(p);
    }

    function _wrongState(
        uint256 taskId,
        ITaskEscrow.TaskState actual,
        ITaskEscrow.TaskState expected
    ) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongState.selector, taskId, actual, expected);
    }

    function _requirement(
        uint16 dim,
        uint64 minimum
    ) internal pure returns (IKarmaRegistry.KarmaRequirement[] memory r) {
        r = new IKarmaRegistry.KarmaRequirement[](1);
        r[0] = IKarmaRegistry.KarmaRequirement({dimension: dim, minimum: minimum});
    }

    function _skill(uint16 dim) internal pure returns (uint16[] memory s) {
        s = new uint16[](1);
        s[0] = dim;
    }

    function _defaults() internal view returns (ITaskEscrow.Parameters memory) {
        return escrow.parameters();
    }

    function _setEscrowParameters(ITaskEscrow.Parameters memory p) internal {
        vm.prank(owner);
        escrow.setParameters(p);
    }

    /// @dev The response score the escrow records for a result `elapsed` seconds into a task of
    /// `duration` seconds: the share of the time left, in 24-bit steps, scaled to 1e18.
    function _score(uint256 elapsed, uint256 duration) internal pure returns (uint64) {
        uint256 one = type(uint24).max;
        return uint64(((((duration - elapsed) * one) / duration) * WAD) / one);
    }

    function _pause() internal {
        vm.prank(guardian);
        escrow.pause();
    }

    // ---------------------------------------------------------------- deployment

    function test_constructor_setsDefaultsAndWiring() public view {
        ITaskEscrow.Parameters memory p = escrow.parameters();
        assertEq(p.minStakeBps, 100);
        assertEq(p.maxStakeBps, 5000);
        assertEq(p.treasuryBps, 1000);
        assertEq(p.juryRewardBps, 2000);
        assertEq(p.minReviewWindow, 1 hours);
        assertEq(p.maxReviewWindow, 30 days);
        assertEq(p.maxTaskDuration, 180 days);
        assertEq(p.disputeTimeout, 30 days);
        assertEq(p.maxDelegationDepth, 4);
        assertEq(p.delegationAttenuation, 0.5e18);
        assertEq(p.treasury, treasury);
        assertEq(address(escrow.karma()), address(karma));
        assertEq(address(escrow.vault()), address(vault));
        assertEq(address(escrow.jury()), address(jury));
        assertEq(escrow.owner(), owner);
        assertEq(escrow.guardian(), guardian);
        assertEq(escrow.taskCount(), 0);
    }

    // ---------------------------------------------------------------- createTask

    function test_createTask_native_storesTaskTakesBountyAndEmits() public {
        ITaskEscrow.TaskParams memory p = _params();
        uint256 requesterBefore = requester.balance;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskCreated(
            1,
            requester,
            address(0),
            BOUNTY,
            p.inputHash,
            p.taskType,
            p.domain,
            p.deadline,
            p.reviewWindow,
            1000,
            0,
            p.requirements,
            p.skills
        );
        uint256 taskId = _create(p);

        assertEq(taskId, 1);
        assertEq(escrow.taskCount(), 1);
        assertEq(address(escrow).balance, BOUNTY);
        assertEq(requester.balance, requesterBefore - BOUNTY);
        ITaskEscrow.TaskView memory t = escrow.getTask(taskId);
        assertEq(t.requester, requester);
        assertEq(t.deadline, p.deadline);
        assertEq(t.createdAt, block.timestamp);
        assertEq(t.reviewWindow, REVIEW);
        assertEq(uint8(t.state), uint8(ITaskEscrow.TaskState.Open));
        assertEq(t.domain, codeReview);
        assertEq(t.agent, address(0));
        assertEq(t.bounty, BOUNTY);
        assertEq(t.stake, STAKE);
        assertEq(t.submittedAt, 0);
        assertEq(t.reviewEndsAt, 0);
        assertEq(t.responseScore, 0);
        assertEq(t.requirementsCommitment, escrow.requirementsCommitment(p.requirements, p.skills));
        assertEq(t.token, address(0));
        assertEq(t.parentId, 0);
        assertEq(t.stakeBps, 0);
        assertEq(t.depth, 0);
        assertEq(t.maxDepth, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Open));
        assertEq(escrow.stakeOf(taskId), STAKE);
        assertEq(escrow.delegatedOf(taskId), 0);
    }

    function test_createTask_storesCustomFieldsAndRequirements() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.stakeBps = 2500;
        p.maxDelegationDepth = 3;
        p.requirements = _requirement(codeReview, 0.3e18);
        p.skills = _skill(python);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskCreated(
            1,
            requester,
            address(0),
            BOUNTY,
            p.inputHash,
            p.taskType,
            p.domain,
            p.deadline,
            p.reviewWindow,
            2500,
            3,
            p.requirements,
            p.skills
        );
        uint256 taskId = _create(p);
        ITaskEscrow.TaskView memory t = escrow.getTask(taskId);
        assertEq(t.stakeBps, 2500);
        assertEq(t.maxDepth, 3);
        assertEq(escrow.stakeOf(taskId), 0.25 ether);
        assertEq(
            t.requirementsCommitment,
            bytes20(keccak256(abi.encode(p.requirements, p.skills))),
            "commitment is the first 160 bits of the hash"
        );
        assertTrue(t.requirementsCommitment != escrow.requirementsCommitment(_noRequirements(), _noSkills()));
    }

    function test_createTask_token_pullsBounty() public {
        uint256 requesterBefore = token.balanceOf(requester);
        ITaskEscrow.TaskParams memory p = _params();
        p.token = address(token);
        p.amount = 500e18;
        p.exactAmount = true;
        vm.startPrank(requester);
        token.approve(address(escrow), p.amount);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskCreated(
            1,
            requester,
            address(token),
            500e18,
            p.inputHash,
            p.taskType,
            p.domain,
            p.deadline,
            p.reviewWindow,
            1000,
            0,
            p.requirements,
            p.skills
        );
        uint256 taskId = escrow.createTask(p);
        vm.stopPrank();
        assertEq(token.balanceOf(address(escrow)), 500e18);
        assertEq(token.balanceOf(requester), requesterBefore - 500e18);
        assertEq(escrow.getTask(taskId).token, address(token));
        assertEq(escrow.getTask(taskId).bounty, 500e18);
        assertEq(escrow.stakeOf(taskId), 50e18);
    }

    function test_createTask_token_revertsWithNativeValue() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.token = address(token);
        vm.prank(requester);
        token.approve(address(escrow), p.amount);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, 1, 0));
        vm.prank(requester);
        escrow.createTask{value: 1}(p);
    }

    function test_createTask_token_revertsWithoutAllowance() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.token = address(token);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, p.amount)
        );
        vm.prank(requester);
        escrow.createTask(p);
    }

    function test_createTask_revertsOnWrongNativeValue() public {
        ITaskEscrow.TaskParams memory p = _params();
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, BOUNTY - 1, BOUNTY));
        vm.prank(requester);
        escrow.createTask{value: BOUNTY - 1}(p);

        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, BOUNTY + 1, BOUNTY));
        vm.prank(requester);
        escrow.createTask{value: BOUNTY + 1}(p);
    }

    function test_createTask_revertsOnZeroAmount() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.amount = 0;
        _expectInvalid(p, "amount");
        p.token = address(token);
        _expectInvalid(p, "amount");
    }

    function test_createTask_revertsOnBadDeadline() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.deadline = uint40(block.timestamp);
        _expectInvalid(p, "deadline");
        p.deadline = uint40(block.timestamp + 180 days + 1);
        _expectInvalid(p, "deadline");
        p.deadline = uint40(block.timestamp + 180 days);
        _create(p); // the maximum duration itself is allowed
    }

    function test_createTask_revertsOnBadReviewWindow() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.reviewWindow = 1 hours - 1;
        _expectInvalid(p, "reviewWindow");
        p.reviewWindow = 30 days + 60;
        _expectInvalid(p, "reviewWindow");
        p.reviewWindow = 2 hours + 1; // whole minutes only
        _expectInvalid(p, "reviewWindow");
        p.reviewWindow = 1 hours;
        _create(p);
        p.reviewWindow = 30 days;
        _create(p);
    }

    function test_createTask_revertsOnBadStakeBps() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.stakeBps = 99;
        _expectInvalid(p, "stakeBps");
        p.stakeBps = 5001;
        _expectInvalid(p, "stakeBps");
        p.stakeBps = 100;
        assertEq(escrow.stakeOf(_create(p)), 0.01 ether);
        p.stakeBps = 5000;
        assertEq(escrow.stakeOf(_create(p)), 0.5 ether);
    }

    function test_createTask_revertsOnTooDeepDelegation() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.maxDelegationDepth = 5;
        _expectInvalid(p, "maxDelegationDepth");
        p.maxDelegationDepth = 4;
        _create(p);
    }

    function test_createTask_revertsOnTooManyRequirementsOrSkills() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.requirements = new IKarmaRegistry.KarmaRequirement[](9);
        for (uint256 i; i < 9; ++i) {
            p.requirements[i] = IKarmaRegistry.KarmaRequirement({dimension: codeReview, minimum: 0});
        }
        _expectInvalid(p, "requirements");
        p.requirements = _noRequirements();
        p.skills = new uint16[](9);
        _expectInvalid(p, "requirements");
        p.skills = new uint16[](8);
        _create(p);
    }

    function test_createTask_revertsOnRequirementAboveOne() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.requirements = _requirement(codeReview, 1e18 + 1);
        _expectInvalid(p, "requirements.minimum");
        p.requirements = _requirement(codeReview, 1e18);
        _create(p);
    }

    function test_createTask_revertsOnUnknownOrNonAccuracyDomain() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.domain = 0;
        _expectInvalid(p, "domain");
        p.domain = karma.dimensionCount() + 1;
        _expectInvalid(p, "domain");
        // Only accuracy dimensions: no task may mint reliability, governance or skill karma.
        p.domain = JURY_RELIABILITY;
        _expectInvalid(p, "domain");
        p.domain = TASK_COMPLETION;
        _expectInvalid(p, "domain");
        p.domain = GOVERNANCE;
        _expectInvalid(p, "domain");
        p.domain = python;
        _expectInvalid(p, "domain");
        p.domain = simulation;
        _create(p);
    }

    function test_createTask_acceptsADomainDefinedLater() public {
        _createNative(); // the escrow has now cached the dimension count
        vm.prank(owner);
        uint16 fresh = karma.defineDimension("accuracy.translation", IKarmaRegistry.DimensionKind.Accuracy, 0);
        ITaskEscrow.TaskParams memory p = _params();
        p.domain = fresh;
        uint256 taskId = _create(p);
        assertEq(escrow.getTask(taskId).domain, fresh);
        assertEq(escrow.syncDimensions(), fresh);
    }

    function test_createTask_revertsWhenPaused() public {
        _pause();
        ITaskEscrow.TaskParams memory p = _params();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(requester);
        escrow.createTask{value: BOUNTY}(p);
    }

    function test_createTask_idsIncrease() public {
        assertEq(_createNative(), 1);
        assertEq(_createNative(), 2);
        assertEq(_createToken(1e18), 3);
        assertEq(escrow.taskCount(), 3);
    }

    // ---------------------------------------------------------------- claim

    function test_claim_takesStakeIntoEscrowAndEmits() public {
        uint256 taskId = _createNative();
        uint256 agentBefore = agent.balance;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskClaimed(taskId, agent, STAKE);
        vm.prank(agent);
        escrow.claim{value: STAKE}(taskId, _noRequirements(), _noSkills());

        ITaskEscrow.TaskView memory t = escrow.getTask(taskId);
        assertEq(t.agent, agent);
        assertEq(t.requirementsCommitment, bytes20(0));
        assertEq(t.submittedAt, 0);
        assertEq(uint8(t.state), uint8(ITaskEscrow.TaskState.Claimed));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Claimed));
        assertEq(agent.balance, agentBefore - STAKE);
        assertEq(address(escrow).balance, BOUNTY + STAKE);
        IStakingVault.Balance memory b = vault.balanceOf(agent, address(0));
        assertEq(b.free, 1 ether, "the standing stake in the vault is not touched");
        assertEq(b.locked, 0);
    }

    function test_claim_revertsOnWrongStakeValue() public {
        uint256 taskId = _createNative();
        _claimReverts(agent, taskId, 0, abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, 0, STAKE));
        _claimReverts(
            agent,
            taskId,
            STAKE + 1,
            abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, STAKE + 1, STAKE)
        );
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Open));
    }

    function test_claim_token_pullsTokenStake() public {
        uint256 taskId = _createToken(1000e18);
        _claimReverts(
            agent,
            taskId,
            0,
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, 100e18)
        );
        vm.prank(agent);
        token.approve(address(escrow), 100e18);
        _claimReverts(agent, taskId, 1, abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, 1, 0));

        uint256 before = token.balanceOf(agent);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskClaimed(taskId, agent, 100e18);
        vm.prank(agent);
        escrow.claim(taskId, _noRequirements(), _noSkills());
        assertEq(token.balanceOf(agent), before - 100e18);
        assertEq(token.balanceOf(address(escrow)), 1100e18);
    }

    function test_claim_revertsOnUnknownTask() public {
        _claimReverts(agent, 42, 0, abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 42));
    }

    function test_claim_revertsWhenAlreadyClaimed() public {
        uint256 taskId = _claimed();
        _stakeNative(stranger, 1 ether);
        _claimReverts(
            stranger,
            taskId,
            STAKE,
            _wrongState(taskId, ITaskEscrow.TaskState.Claimed, ITaskEscrow.TaskState.Open)
        );
    }

    function test_claim_revertsWhenCancelled() public {
        uint256 taskId = _createNative();
        vm.prank(requester);
        escrow.cancel(taskId);
        _claimReverts(
            agent,
            taskId,
            STAKE,
            _wrongState(taskId, ITaskEscrow.TaskState.Cancelled, ITaskEscrow.TaskState.Open)
        );
    }

    function test_claim_revertsAtOrAfterDeadline() public {
        uint256 taskId = _createNative();
        uint40 deadline = escrow.getTask(taskId).deadline;
        vm.warp(deadline);
        _claimReverts(
            agent,
            taskId,
            STAKE,
            abi.encodeWithSelector(ITaskEscrow.TaskEscrowDeadlinePassed.selector, taskId, deadline)
        );
        vm.warp(deadline - 1);
        _claimAs(agent, taskId);
    }

    function test_claim_revertsOnSelfClaim() public {
        uint256 taskId = _createNative();
        _stakeNative(requester, 1 ether);
        _claimReverts(
            requester,
            taskId,
            STAKE,
            abi.encodeWithSelector(ITaskEscrow.TaskEscrowSelfClaim.selector, taskId)
        );
    }

    function test_claim_revertsOnRequirementsMismatch() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.requirements = _requirement(codeReview, 0.2e18);
        uint256 taskId = _create(p);
        _claimReverts(
            agent,
            taskId,
            STAKE,
            abi.encodeWithSelector(ITaskEscrow.TaskEscrowRequirementsMismatch.selector, taskId)
        );

        // A weaker minimum than the one committed to does not open the commitment either.
        IKarmaRegistry.KarmaRequirement[] memory weaker = _requirement(codeReview, 0);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowRequirementsMismatch.selector, taskId));
        vm.prank(agent);
        escrow.claim{value: STAKE}(taskId, weaker, _noSkills());
    }

    function test_claim_karmaRequirementNotMet_bubblesRegistryError() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.requirements = _requirement(codeReview, 0.2e18);
        uint256 taskId = _create(p);
        _raiseKarma(agent, codeReview, 1); // 0.1
        vm.expectRevert(
            abi.encodeWithSelector(
                IKarmaRegistry.KarmaRegistryRequirementNotMet.selector,
                agent,
                codeReview,
                0.1e18,
                0.2e18
            )
        );
        vm.prank(agent);
        escrow.claim{value: STAKE}(taskId, p.requirements, p.skills);

        _raiseKarma(agent, codeReview, 1); // 0.19
        _raiseKarma(agent, codeReview, 1); // 0.271
        _claimAs(agent, taskId, p.requirements, p.skills);
        assertEq(escrow.getTask(taskId).agent, agent);
    }

    function test_claim_skillRequired() public {
        ITaskEscrow.TaskParams memory p = _params();
        p.skills = _skill(python);
        uint256 taskId = _create(p);
        vm.expectRevert(
            abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryRequirementNotMet.selector, agent, python, 0, 1)
        );
        vm.prank(agent);
        escrow.claim{value: STAKE}(taskId, p.requirements, p.skills);

        _raiseKarma(agent, python, 1);
        _claimAs(agent, taskId, p.requirements, p.skills);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Claimed));
    }

    function test_claim_revertsWhenStandingTooLow() public {
        uint256 taskId = _createNative();
        address newcomer = makeAddr("newcomer");
        vm.deal(newcomer, 1 ether);
        _claimReverts(
            newcomer,
            taskId,
            STAKE,
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, newcomer, 0, 0.01 ether)
        );
        _stakeNative(newcomer, 0.005 ether);
        _claimReverts(
            newcomer,
            taskId,
            STAKE,
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, newcomer, 0.005 ether, 0.01 ether)
        );
        _stakeNative(newcomer, 0.005 ether);
        _claimAs(newcomer, taskId);
    }

    function test_claim_vouchedNewcomer_slashForfeitsTheVouch() public {
        address voucher = makeAddr("voucher");
        address newcomer = makeAddr("newcomer");
        vm.deal(newcomer, 1 ether);
        _stakeNative(voucher, 1 ether);
        _raiseKarma(voucher, TASK_COMPLETION, 20); // 0.878 >= 0.8
        vm.prank(voucher);
        vault.vouch(newcomer, 0.01 ether);

        uint256 taskId = _createNative();
        _claimAs(newcomer, taskId);
        vm.warp(uint256(escrow.getTask(taskId).deadline) + 1);
        uint256 treasuryBefore = treasury.balance;
        vm.expectEmit(address(vault));
        emit IStakingVault.VouchForfeited(voucher, newcomer, 0.01 ether);
        escrow.expire(taskId);
        assertEq(treasury.balance, treasuryBefore + 0.01 ether + STAKE / 10);
        assertEq(vault.vouchOf(newcomer).voucher, address(0));
    }

    function test_claim_revertsWhenPaused() public {
        uint256 taskId = _createNative();
        _pause();
        _claimReverts(agent, taskId, STAKE, abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(owner);
        escrow.unpause();
        _claimAs(agent, taskId);
    }

    // ---------------------------------------------------------------- submitResult

    function test_submitResult_recordsTimesAndEmitsTheDigest() public {
        uint256 taskId = _claimed();
        vm.warp(block.timestamp + 6 hours);
        bytes32 result = keccak256("cid");
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.ResultSubmitted(taskId, agent, result);
        vm.prank(agent);
        escrow.submitResult(taskId, result);
        ITaskEscrow.TaskView memory t = escrow.getTask(taskId);
        assertEq(uint8(t.state), uint8(ITaskEscrow.TaskState.Submitted));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Submitted));
        assertEq(t.submittedAt, block.timestamp);
        assertEq(t.reviewEndsAt, block.timestamp + REVIEW);
        assertEq(t.deadline, 0, "zero once submitted");
        assertEq(t.agent, agent);
        assertEq(t.responseScore, _score(6 hours, 1 days));
    }

    function test_submitResult_revertsForOthers() public {
        uint256 open = _createNative();
        vm.expectRevert(_wrongState(open, ITaskEscrow.TaskState.Open, ITaskEscrow.TaskState.Claimed));
        _submit(stranger, open);

        uint256 taskId = _claimed();
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotAgent.selector, taskId, requester));
        _submit(requester, taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotAgent.selector, taskId, stranger));
        _submit(stranger, taskId);
    }

    function test_submitResult_revertsOnUnknownTask() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 7));
        _submit(agent, 7);
    }

    function test_submitResult_revertsOnEmptyResult() public {
        uint256 taskId = _claimed();
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowEmptyResult.selector, taskId));
        vm.prank(agent);
        escrow.submitResult(taskId, bytes32(0));
    }

    function test_submitResult_revertsAfterDeadline() public {
        uint256 taskId = _claimed();
        uint40 deadline = escrow.getTask(taskId).deadline;
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowDeadlinePassed.selector, taskId, deadline));
        _submit(agent, taskId);
        vm.warp(deadline); // the deadline itself is still in time
        _submit(agent, taskId);
    }

    function test_submitResult_revertsWhenSubmittedTwice() public {
        uint256 taskId = _submitted();
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Submitted, ITaskEscrow.TaskState.Claimed));
        _submit(agent, taskId);
    }

    function test_submitResult_revertsAfterExpiry() public {
        uint256 taskId = _claimed();
        vm.warp(uint256(escrow.getTask(taskId).deadline) + 1);
        escrow.expire(taskId);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Expired, ITaskEscrow.TaskState.Claimed));
        _submit(agent, taskId);
    }

    // ---------------------------------------------------------------- accept

    function test_accept_paysAgentReturnsStakeRaisesKarma() public {
        uint256 taskId = _claimed();
        vm.warp(block.timestamp + 6 hours); // a quarter of the task's time
        _submit(agent, taskId);
        uint256 agentBefore = agent.balance;
        // Submitted with 3/4 of the time left: response score ~0.75, one EMA step of 0.1.
        uint64 responseKarma = uint64((uint256(_score(6 hours, 1 days)) * 0.1e18) / WAD);

        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskAccepted(taskId, agent, BOUNTY, false);
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.TaskOutcomeRecorded(
            agent,
            codeReview,
            true,
            0.1e18,
            0.1e18,
            responseKarma,
            1,
            0,
            address(0),
            BOUNTY,
            BOUNTY
        );
        vm.prank(requester);
        escrow.accept(taskId);

        assertEq(agent.balance, agentBefore + BOUNTY + STAKE, "payment and stake back");
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
        assertEq(karma.karmaOf(agent, codeReview), 0.1e18);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), 0.1e18);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), responseKarma);
        assertApproxEqAbs(responseKarma, 0.075e18, 1e11);
        IKarmaRegistry.AgentRecord memory r = karma.agentRecord(agent);
        assertEq(r.tasksCompleted, 1);
        assertEq(r.tasksFailed, 0);
        assertEq(r.totalEarnedNative, BOUNTY);
        assertEq(karma.earned(agent, address(0)), BOUNTY);
    }

    function test_accept_token_paysTokensAndRecordsTokenEarnings() public {
        uint256 taskId = _createToken(1000e18);
        _claimAs(agent, taskId);
        _submit(agent, taskId);
        uint256 agentBefore = token.balanceOf(agent);
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.TaskOutcomeRecorded(
            agent,
            codeReview,
            true,
            0.1e18,
            0.1e18,
            0.1e18,
            1,
            0,
            address(token),
            1000e18,
            1000e18
        );
        vm.prank(requester);
        escrow.accept(taskId);
        assertEq(token.balanceOf(agent), agentBefore + 1000e18 + 100e18);
        assertEq(token.balanceOf(address(escrow)), 0);
        assertEq(karma.earned(agent, address(token)), 1000e18);
        assertEq(karma.agentRecord(agent).totalEarnedNative, 0);
        assertEq(karma.agentRecord(agent).tasksCompleted, 1);
    }

    function test_accept_revertsForOthers() public {
        uint256 taskId = _submitted();
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotRequester.selector, taskId, agent));
        vm.prank(agent);
        escrow.accept(taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotRequester.selector, taskId, stranger));
        vm.prank(stranger);
        escrow.accept(taskId);
    }

    function test_accept_revertsInWrongState() public {
        uint256 taskId = _createNative();
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Open, ITaskEscrow.TaskState.Submitted));
        vm.prank(requester);
        escrow.accept(taskId);

        _claimAs(agent, taskId);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Claimed, ITaskEscrow.TaskState.Submitted));
        vm.prank(requester);
        escrow.accept(taskId);

        _submit(agent, taskId);
        vm.prank(requester);
        escrow.accept(taskId);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Accepted, ITaskEscrow.TaskState.Submitted));
        vm.prank(requester);
        escrow.accept(taskId);
    }

    function test_accept_revertsOnUnknownTask() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 3));
        vm.prank(requester);
        escrow.accept(3);
    }

    function test_accept_stillPossibleAfterReviewWindow() public {
        uint256 taskId = _submitted();
        vm.warp(block.timestamp + REVIEW + 10 days);
        vm.prank(requester);
        escrow.accept(taskId);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
    }

    // ---------------------------------------------------------------- finalize

    function test_finalize_revertsWhileReviewWindowOpen() public {
        uint256 taskId = _submitted();
        uint256 closesAt = block.timestamp + REVIEW;
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowReviewWindowOpen.selector, taskId, closesAt));
        escrow.finalize(taskId);
        vm.warp(closesAt);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowReviewWindowOpen.selector, taskId, closesAt));
        escrow.finalize(taskId);
    }

    function test_finalize_anyonePaysAgentAfterReviewWindow() public {
        uint256 taskId = _submitted();
        vm.warp(block.timestamp + REVIEW + 1);
        uint256 agentBefore = agent.balance;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskAccepted(taskId, agent, BOUNTY, true);
        vm.prank(stranger);
        escrow.finalize(taskId);
        assertEq(agent.balance, agentBefore + BOUNTY + STAKE);
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
        assertEq(karma.agentRecord(agent).tasksCompleted, 1);
    }

    function test_finalize_revertsInWrongState() public {
        uint256 taskId = _claimed();
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Claimed, ITaskEscrow.TaskState.Submitted));
        escrow.finalize(taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 99));
        escrow.finalize(99);
    }

    function test_finalize_revertsWhenDisputed() public {
        uint256 taskId = _disputed();
        vm.warp(block.timestamp + REVIEW + 1);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Disputed, ITaskEscrow.TaskState.Submitted));
        escrow.finalize(taskId);
    }

    // ---------------------------------------------------------------- expire

    function test_expire_open_refundsOnly() public {
        uint256 taskId = _createNative();
        uint40 deadline = escrow.getTask(taskId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowDeadlineNotReached.selector, taskId, deadline));
        escrow.expire(taskId);

        vm.warp(uint256(deadline) + 1);
        uint256 requesterBefore = requester.balance;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskExpired(taskId, address(0), BOUNTY, 0);
        vm.prank(stranger);
        escrow.expire(taskId);
        assertEq(requester.balance, requesterBefore + BOUNTY);
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Expired));
        assertEq(karma.agentRecord(agent).tasksFailed, 0);
    }

    function test_expire_claimed_refundsSlashesAndLowersKarma() public {
        _raiseKarma(agent, codeReview, 5);
        _raiseKarma(agent, TASK_COMPLETION, 5);
        uint256 taskId = _claimed();
        uint40 deadline = escrow.getTask(taskId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowDeadlineNotReached.selector, taskId, deadline));
        escrow.expire(taskId);

        vm.warp(uint256(deadline) + 1);
        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;
        uint256 agentBefore = agent.balance;
        uint64 domainBefore = karma.karmaOf(agent, codeReview);
        uint64 completionBefore = karma.karmaOf(agent, TASK_COMPLETION);
        uint64 domainAfter = uint64((uint256(domainBefore) * 0.9e18) / WAD);
        uint64 completionAfter = uint64((uint256(completionBefore) * 0.9e18) / WAD);

        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskExpired(taskId, agent, BOUNTY, STAKE);
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.TaskOutcomeRecorded(
            agent,
            codeReview,
            false,
            domainAfter,
            completionAfter,
            0,
            0,
            1,
            address(0),
            0,
            0
        );
        vm.prank(stranger);
        escrow.expire(taskId);

        uint256 toTreasury = (STAKE * 1000) / 10_000;
        assertEq(treasury.balance, treasuryBefore + toTreasury);
        assertEq(requester.balance, requesterBefore + BOUNTY + STAKE - toTreasury);
        assertEq(agent.balance, agentBefore, "the stake is lost");
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Expired));
        assertEq(karma.karmaOf(agent, codeReview), domainAfter);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), completionAfter);
        assertEq(karma.agentRecord(agent).tasksFailed, 1);
        assertEq(karma.agentRecord(agent).tasksCompleted, 0);
    }

    function test_expire_token_claimed_slashesTokenStake() public {
        uint256 taskId = _createToken(1000e18);
        _claimAs(agent, taskId);
        vm.warp(uint256(escrow.getTask(taskId).deadline) + 1);
        uint256 requesterBefore = token.balanceOf(requester);
        escrow.expire(taskId);
        assertEq(token.balanceOf(treasury), 10e18);
        assertEq(token.balanceOf(requester), requesterBefore + 1000e18 + 90e18);
        assertEq(token.balanceOf(address(escrow)), 0);
    }

    function test_expire_revertsAfterSubmit() public {
        uint256 taskId = _submitted();
        vm.warp(uint256(escrow.getTask(taskId).deadline) + 1);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Submitted, ITaskEscrow.TaskState.Claimed));
        escrow.expire(taskId);
    }

    function test_expire_revertsWhenSettledOrUnknown() public {
        uint256 taskId = _createNative();
        vm.prank(requester);
        escrow.cancel(taskId);
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Cancelled, ITaskEscrow.TaskState.Claimed));
        escrow.expire(taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 5));
        escrow.expire(5);
    }

    function test_expire_revertsTwice() public {
        uint256 taskId = _claimed();
        vm.warp(uint256(escrow.getTask(taskId).deadline) + 1);
        escrow.expire(taskId);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Expired, ITaskEscrow.TaskState.Claimed));
        escrow.expire(taskId);
    }

    // ---------------------------------------------------------------- cancel

    function test_cancel_refundsOpenTask() public {
        uint256 taskId = _createNative();
        uint256 requesterBefore = requester.balance;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskCancelled(taskId, BOUNTY);
        vm.prank(requester);
        escrow.cancel(taskId);
        assertEq(requester.balance, requesterBefore + BOUNTY);
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Cancelled));
    }

    function test_cancel_token_refundsTokens() public {
        uint256 before = token.balanceOf(requester);
        uint256 taskId = _createToken(300e18);
        vm.prank(requester);
        escrow.cancel(taskId);
        assertEq(token.balanceOf(requester), before);
        assertEq(token.balanceOf(address(escrow)), 0);
    }

    function test_cancel_revertsForOthers() public {
        uint256 taskId = _createNative();
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotRequester.selector, taskId, stranger));
        vm.prank(stranger);
        escrow.cancel(taskId);
    }

    function test_cancel_revertsOnceClaimed() public {
        uint256 taskId = _claimed();
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Claimed, ITaskEscrow.TaskState.Open));
        vm.prank(requester);
        escrow.cancel(taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 9));
        vm.prank(requester);
        escrow.cancel(9);
    }

    function test_cancel_possibleAfterDeadline() public {
        uint256 taskId = _createNative();
        vm.warp(block.timestamp + 10 days);
        vm.prank(requester);
        escrow.cancel(taskId);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Cancelled));
    }

    // ---------------------------------------------------------------- dispute

    function test_dispute_native_postsBondAndOpensCase() public {
        uint256 taskId = _submitted();
        uint64 drawBlock = uint64(block.number) + 2;
        vm.expectEmit(address(jury));
        emit IJury.CaseOpened(1, taskId, codeReview, drawBlock);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskDisputed(taskId, requester, STAKE, 1);
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);

        ITaskEscrow.Dispute memory d = escrow.disputeOf(taskId);
        assertEq(d.bond, STAKE);
        assertEq(d.openedAt, block.timestamp);
        assertEq(d.caseId, 1);
        assertEq(address(escrow).balance, BOUNTY + STAKE + STAKE, "bounty, stake and bond");
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Disputed));
        IJury.Case memory c = jury.getCase(1);
        assertEq(c.taskId, taskId);
        assertEq(c.requester, requester);
        assertEq(c.agent, agent);
        assertEq(c.domain, codeReview);
        assertEq(uint8(c.phase), uint8(IJury.Phase.AwaitingDraw));
    }

    function test_dispute_native_revertsOnWrongBond() public {
        uint256 taskId = _submitted();
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, STAKE - 1, STAKE));
        vm.prank(requester);
        escrow.dispute{value: STAKE - 1}(taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, 0, STAKE));
        vm.prank(requester);
        escrow.dispute(taskId);
    }

    function test_dispute_token_pullsBond() public {
        uint256 taskId = _createToken(1000e18);
        _claimAs(agent, taskId);
        _submit(agent, taskId);

        vm.prank(requester);
        token.approve(address(escrow), 100e18);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowWrongValue.selector, 1, 0));
        vm.prank(requester);
        escrow.dispute{value: 1}(taskId);

        uint256 before = token.balanceOf(requester);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskDisputed(taskId, requester, 100e18, 1);
        vm.prank(requester);
        escrow.dispute(taskId);
        assertEq(token.balanceOf(requester), before - 100e18);
        assertEq(token.balanceOf(address(escrow)), 1200e18);
        assertEq(escrow.disputeOf(taskId).bond, 100e18);
    }

    function test_dispute_token_revertsWithoutAllowance() public {
        uint256 taskId = _createToken(1000e18);
        _claimAs(agent, taskId);
        _submit(agent, taskId);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, 100e18)
        );
        vm.prank(requester);
        escrow.dispute(taskId);
    }

    function test_dispute_revertsAfterReviewWindow() public {
        uint256 taskId = _submitted();
        uint256 closesAt = block.timestamp + REVIEW;
        vm.warp(closesAt + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowReviewWindowClosed.selector, taskId, closesAt));
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
        vm.warp(closesAt); // the last second of the window is still open
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
    }

    function test_dispute_revertsForOthersAndWrongState() public {
        uint256 taskId = _claimed();
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotRequester.selector, taskId, stranger));
        vm.prank(stranger);
        escrow.dispute{value: STAKE}(taskId);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Claimed, ITaskEscrow.TaskState.Submitted));
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
        _submit(agent, taskId);
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Disputed, ITaskEscrow.TaskState.Submitted));
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
    }

    function test_dispute_revertsWithoutJury() public {
        uint256 taskId = _submitted();
        vm.expectEmit(address(escrow));
        emit TaskEscrow.JurySet(address(0));
        vm.prank(owner);
        escrow.setJury(IJury(address(0)));
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowInvalidParameter.selector, "jury"));
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
    }

    // ---------------------------------------------------------------- executeRuling

    function _majority(uint256 n) internal returns (address[] memory jurors_) {
        jurors_ = new address[](n);
        for (uint256 i; i < n; ++i) {
            jurors_[i] = makeAddr(string.concat("majorityJuror", vm.toString(i)));
        }
    }

    function test_executeRuling_onlyJury() public {
        uint256 taskId = _disputed();
        address[] memory none = new address[](0);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotJury.selector, stranger));
        vm.prank(stranger);
        escrow.executeRuling(taskId, IJury.Ruling.AgentWins, none);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowNotJury.selector, owner));
        vm.prank(owner);
        escrow.executeRuling(taskId, IJury.Ruling.AgentWins, none);
    }

    function test_executeRuling_revertsWhenNotDisputed() public {
        uint256 taskId = _submitted();
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Submitted, ITaskEscrow.TaskState.Disputed));
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.AgentWins, new address[](0));
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 77));
        vm.prank(address(jury));
        escrow.executeRuling(77, IJury.Ruling.AgentWins, new address[](0));
    }

    function test_executeRuling_agentWins_paysAgentAndSplitsBond() public {
        uint256 taskId = _disputed();
        address[] memory majority = _majority(3);
        uint256 agentBefore = agent.balance;
        uint256 treasuryBefore = treasury.balance;
        uint256 toJurors = (STAKE * 2000) / 10_000;
        uint256 toTreasury = (STAKE * 1000) / 10_000;
        uint256 share = toJurors / 3;

        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskAccepted(taskId, agent, BOUNTY, false);
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.AgentWins, majority);

        for (uint256 i; i < 3; ++i) {
            assertEq(majority[i].balance, share);
        }
        assertEq(treasury.balance, treasuryBefore + toTreasury + (toJurors - 3 * share));
        // Payment, stake back, and the rest of the requester's bond.
        assertEq(agent.balance, agentBefore + BOUNTY + STAKE + STAKE - toJurors - toTreasury);
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
        assertEq(karma.agentRecord(agent).tasksCompleted, 1);
    }

    function test_executeRuling_agentWins_withoutJurorsSendsJuryShareToTreasury() public {
        uint256 taskId = _disputed();
        uint256 treasuryBefore = treasury.balance;
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.AgentWins, new address[](0));
        assertEq(treasury.balance, treasuryBefore + (STAKE * 3000) / 10_000);
    }

    function test_executeRuling_requesterWins_refundsReturnsBondSlashes() public {
        _raiseKarma(agent, codeReview, 3);
        uint256 taskId = _disputed();
        address[] memory majority = _majority(2);
        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;
        uint256 agentBefore = agent.balance;
        uint256 karmaBefore = karma.karmaOf(agent, codeReview);
        uint256 toJurors = (STAKE * 2000) / 10_000;
        uint256 toTreasury = (STAKE * 1000) / 10_000;

        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskRejected(taskId, agent, BOUNTY, STAKE);
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.RequesterWins, majority);

        assertEq(majority[0].balance, toJurors / 2);
        assertEq(majority[1].balance, toJurors / 2);
        assertEq(treasury.balance, treasuryBefore + toTreasury);
        // Refund + bond back + the requester's share of the slashed stake.
        assertEq(requester.balance, requesterBefore + BOUNTY + STAKE + (STAKE - toTreasury - toJurors));
        assertEq(agent.balance, agentBefore);
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Rejected));
        assertEq(karma.agentRecord(agent).tasksFailed, 1);
        assertEq(karma.karmaOf(agent, codeReview), (karmaBefore * 0.9e18) / WAD);
    }

    function test_executeRuling_requesterWins_jurorRemainderGoesToVictim() public {
        uint256 taskId = _disputed();
        address[] memory majority = _majority(3);
        uint256 requesterBefore = requester.balance;
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.RequesterWins, majority);
        uint256 toJurors = (STAKE * 2000) / 10_000;
        uint256 share = toJurors / 3;
        assertEq(majority[2].balance, share);
        uint256 victim = STAKE - (STAKE * 1000) / 10_000 - 3 * share;
        assertEq(requester.balance, requesterBefore + BOUNTY + STAKE + victim);
    }

    function test_executeRuling_undecided_voids() public {
        uint256 taskId = _disputed();
        uint256 requesterBefore = requester.balance;
        uint256 agentBefore = agent.balance;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskVoided(taskId, BOUNTY);
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.Undecided, new address[](0));
        assertEq(requester.balance, requesterBefore + BOUNTY + STAKE, "refund and bond");
        assertEq(agent.balance, agentBefore + STAKE, "stake back");
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
        assertEq(karma.agentRecord(agent).tasksFailed, 0);
        assertEq(karma.agentRecord(agent).tasksCompleted, 0);
    }

    function test_executeRuling_revertsOnceSettled() public {
        uint256 taskId = _disputed();
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.Undecided, new address[](0));
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Voided, ITaskEscrow.TaskState.Disputed));
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.AgentWins, new address[](0));
    }

    // ---------------------------------------------------------------- resolveStalledDispute

    function test_resolveStalledDispute_revertsBeforeTimeout() public {
        uint256 taskId = _disputed();
        uint256 stalledAt = block.timestamp + 30 days;
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowDisputeNotStalled.selector, taskId, stalledAt));
        escrow.resolveStalledDispute(taskId);
        vm.warp(stalledAt);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowDisputeNotStalled.selector, taskId, stalledAt));
        escrow.resolveStalledDispute(taskId);
    }

    function test_resolveStalledDispute_voidsAfterTimeout() public {
        uint256 taskId = _disputed();
        vm.warp(block.timestamp + 30 days + 1);
        uint256 requesterBefore = requester.balance;
        uint256 agentBefore = agent.balance;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskVoided(taskId, BOUNTY);
        vm.prank(stranger);
        escrow.resolveStalledDispute(taskId);
        assertEq(requester.balance, requesterBefore + BOUNTY + STAKE);
        assertEq(agent.balance, agentBefore + STAKE);
        assertEq(address(escrow).balance, 0);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
    }

    function test_resolveStalledDispute_revertsWhenNotDisputed() public {
        uint256 taskId = _submitted();
        vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Submitted, ITaskEscrow.TaskState.Disputed));
        escrow.resolveStalledDispute(taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowUnknownTask.selector, 12));
        escrow.resolveStalledDispute(12);
    }

    function test_resolveStalledDispute_usesCurrentTimeout() public {
        uint256 taskId = _disputed();
        ITaskEscrow.Parameters memory p = _defaults();
        p.disputeTimeout = 7 days;
        _setEscrowParameters(p);
        vm.warp(block.timestamp + 7 days + 1);
        escrow.resolveStalledDispute(taskId);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
    }

    // ---------------------------------------------------------------- views and derived states

    function test_views_followTheLifecycle() public {
        assertEq(uint8(escrow.stateOf(1)), uint8(ITaskEscrow.TaskState.None));
        assertEq(uint8(escrow.getTask(1).state), uint8(ITaskEscrow.TaskState.None));
        assertEq(escrow.stakeOf(1), 0);

        uint256 taskId = _createNative();
        assertEq(uint8(escrow.getTask(taskId).state), uint8(ITaskEscrow.TaskState.Open));
        assertTrue(escrow.getTask(taskId).requirementsCommitment != bytes20(0));
        _claimAs(agent, taskId);
        ITaskEscrow.TaskView memory t = escrow.getTask(taskId);
        assertEq(uint8(t.state), uint8(ITaskEscrow.TaskState.Claimed));
        assertEq(t.agent, agent);
        assertEq(t.requirementsCommitment, bytes20(0), "zero once claimed");
        _submit(agent, taskId);
        assertEq(uint8(escrow.getTask(taskId).state), uint8(ITaskEscrow.TaskState.Submitted));
        vm.prank(requester);
        escrow.dispute{value: STAKE}(taskId);
        assertEq(uint8(escrow.getTask(taskId).state), uint8(ITaskEscrow.TaskState.Disputed));
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.RequesterWins, new address[](0));
        assertEq(uint8(escrow.getTask(taskId).state), uint8(ITaskEscrow.TaskState.Rejected));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Rejected));
        assertEq(escrow.getTask(taskId).agent, agent);
    }

    function test_requirementsCommitment_matchesAbiEncoding() public view {
        IKarmaRegistry.KarmaRequirement[] memory r = _requirement(simulation, 0.5e18);
        uint16[] memory s = _skill(python);
        assertEq(escrow.requirementsCommitment(r, s), bytes20(keccak256(abi.encode(r, s))));
    }

    // ---------------------------------------------------------------- owner

    function test_setParameters_onlyOwner() public {
        ITaskEscrow.Parameters memory p = _defaults();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.setParameters(p);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        escrow.setParameters(p);
    }

    function test_setParameters_storesAndEmits() public {
        ITaskEscrow.Parameters memory p = _defaults();
        p.minStakeBps = 500;
        p.maxStakeBps = 10_000;
        p.treasuryBps = 0;
        p.juryRewardBps = 10_000;
        p.minReviewWindow = 1;
        p.maxReviewWindow = uint32(type(uint16).max) * 60;
        p.maxTaskDuration = 1;
        p.disputeTimeout = 7 days;
        p.maxDelegationDepth = 8;
        p.delegationAttenuation = 1e18;
        p.treasury = stranger;
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.ParametersSet(p);
        _setEscrowParameters(p);
        ITaskEscrow.Parameters memory q = escrow.parameters();
        assertEq(keccak256(abi.encode(q)), keccak256(abi.encode(p)));

        // The new bounds apply to creation.
        ITaskEscrow.TaskParams memory t = _params();
        t.deadline = uint40(block.timestamp + 1);
        t.reviewWindow = 60;
        t.stakeBps = 400;
        _expectInvalid(t, "stakeBps");
    }

    function test_setParameters_revertsOutOfBounds() public {
        bytes memory err = abi.encodeWithSelector(ITaskEscrow.TaskEscrowInvalidParameter.selector, "parameters");
        ITaskEscrow.Parameters memory base = _defaults();
        ITaskEscrow.Parameters memory p;

        p = _defaults();
        p.minStakeBps = 0;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.minStakeBps = p.maxStakeBps + 1;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.maxStakeBps = 10_001;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.treasuryBps = 5000;
        p.juryRewardBps = 5001;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.delegationAttenuation = 1e18 + 1;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.minReviewWindow = 0;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.minReviewWindow = p.maxReviewWindow + 1;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.maxReviewWindow = uint32(type(uint16).max) * 60 + 1;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.maxTaskDuration = 0;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.maxTaskDuration = uint32(type(uint24).max) + 1;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.disputeTimeout = 7 days - 1;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.maxDelegationDepth = 9;
        vm.expectRevert(err);
        _setEscrowParameters(p);

        p = _defaults();
        p.treasury = address(0);
        vm.expectRevert(err);
        _setEscrowParameters(p);

        assertEq(keccak256(abi.encode(escrow.parameters())), keccak256(abi.encode(base)));
    }

    function test_setJury_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.setJury(IJury(stranger));
        vm.expectEmit(address(escrow));
        emit TaskEscrow.JurySet(stranger);
        vm.prank(owner);
        escrow.setJury(IJury(stranger));
        assertEq(address(escrow.jury()), stranger);
    }

    // ---------------------------------------------------------------- pause

    function test_pause_onlyGuardianOrOwner_unpauseOnlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(GuardedOwnable.GuardedOwnableNotGuardian.selector, stranger));
        vm.prank(stranger);
        escrow.pause();
        _pause();
        assertTrue(escrow.paused());
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        escrow.unpause();
        vm.prank(owner);
        escrow.unpause();
        vm.prank(owner);
        escrow.pause();
        assertTrue(escrow.paused());
    }

    function test_pause_neverBlocksExits() public {
        uint256 open = _createNative();
        uint256 toCancel = _createNative();
        uint256 toExpire = _claimed();
        uint256 toSubmit = _claimed();
        uint256 toAccept = _submitted();
        uint256 toFinalize = _submitted();
        uint256 toDispute = _submitted();
        uint256 toRule = _disputed();
        uint256 toStall = _disputed();
        _pause();

        _submit(agent, toSubmit);
        vm.startPrank(requester);
        escrow.cancel(toCancel);
        escrow.accept(toAccept);
        escrow.dispute{value: STAKE}(toDispute);
        vm.stopPrank();
        vm.prank(address(jury));
        escrow.executeRuling(toRule, IJury.Ruling.AgentWins, new address[](0));

        vm.warp(block.timestamp + 1 days + 1);
        escrow.expire(open);
        escrow.expire(toExpire);
        escrow.finalize(toFinalize);
        vm.warp(block.timestamp + 30 days);
        escrow.resolveStalledDispute(toStall);

        assertEq(uint8(escrow.stateOf(open)), uint8(ITaskEscrow.TaskState.Expired));
        assertEq(uint8(escrow.stateOf(toCancel)), uint8(ITaskEscrow.TaskState.Cancelled));
        assertEq(uint8(escrow.stateOf(toExpire)), uint8(ITaskEscrow.TaskState.Expired));
        assertEq(uint8(escrow.stateOf(toSubmit)), uint8(ITaskEscrow.TaskState.Submitted));
        assertEq(uint8(escrow.stateOf(toAccept)), uint8(ITaskEscrow.TaskState.Accepted));
        assertEq(uint8(escrow.stateOf(toFinalize)), uint8(ITaskEscrow.TaskState.Accepted));
        assertEq(uint8(escrow.stateOf(toDispute)), uint8(ITaskEscrow.TaskState.Disputed));
        assertEq(uint8(escrow.stateOf(toRule)), uint8(ITaskEscrow.TaskState.Accepted));
        assertEq(uint8(escrow.stateOf(toStall)), uint8(ITaskEscrow.TaskState.Voided));
    }

    // ---------------------------------------------------------------- deferred payouts

    function test_payout_deferredWhenReceiverRefuses_thenWithdrawn() public {
        RefusingRequester r = new RefusingRequester();
        vm.deal(address(r), 10 ether);
        ITaskEscrow.TaskParams memory p = _params();
        uint256 taskId = r.create{value: BOUNTY}(escrow, p);

        vm.expectEmit(address(escrow));
        emit Payouts.PayoutDeferred(address(r), address(0), BOUNTY);
        r.cancel(escrow, taskId);
        assertEq(escrow.owed(address(r), address(0)), BOUNTY);
        assertEq(escrow.totalOwed(address(0)), BOUNTY);
        assertEq(address(escrow).balance, BOUNTY);

        vm.expectRevert(abi.encodeWithSelector(Payouts.PayoutsWithdrawFailed.selector, address(r), address(0), BOUNTY));
        r.withdrawOwed(escrow);

        r.setAccepting(true);
        uint256 before = address(r).balance;
        vm.expectEmit(address(escrow));
        emit Payouts.OwedWithdrawn(address(r), address(0), BOUNTY);
        r.withdrawOwed(escrow);
        assertEq(address(r).balance, before + BOUNTY);
        assertEq(escrow.owed(address(r), address(0)), 0);
        assertEq(escrow.totalOwed(address(0)), 0);
    }

    function test_withdrawOwed_revertsWhenNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(Payouts.PayoutsNothingOwed.selector, stranger, address(token)));
        vm.prank(stranger);
        escrow.withdrawOwed(address(token));
    }

    // ---------------------------------------------------------------- fuzz

    function _fuzzBps(uint16 raw) internal pure returns (uint16) {
        if (raw % 4 == 0) return 0;
        return uint16(bound(raw, 100, 5000));
    }

    function testFuzz_stakeIsBountyTimesBps_takenAndReturned(uint96 rawAmount, uint16 rawBps) public {
        uint96 amount = uint96(bound(rawAmount, 1, 1e27));
        uint16 bps = _fuzzBps(rawBps);
        uint256 expectedStake = (uint256(amount) * (bps == 0 ? 1000 : bps)) / 10_000;
        vm.deal(requester, amount);
        vm.deal(agent, expectedStake);

        ITaskEscrow.TaskParams memory p = _params();
        p.amount = amount;
        p.stakeBps = bps;
        uint256 taskId = _create(p);
        assertEq(escrow.stakeOf(taskId), expectedStake);

        _claimAs(agent, taskId);
        assertEq(address(escrow).balance, amount + expectedStake);
        assertEq(agent.balance, 0);
        _submit(agent, taskId);
        vm.prank(requester);
        escrow.accept(taskId);
        assertEq(agent.balance, amount + expectedStake);
        assertEq(address(escrow).balance, 0);
    }

    function testFuzz_createTask_rejectsStakeBpsOutOfRange(uint16 rawBps) public {
        uint16 bps = rawBps % 2 == 0 ? uint16(bound(rawBps, 1, 99)) : uint16(bound(rawBps, 5001, type(uint16).max));
        ITaskEscrow.TaskParams memory p = _params();
        p.stakeBps = bps;
        _expectInvalid(p, "stakeBps");
    }

    function testFuzz_expire_slashSplitsStake(uint96 rawAmount, uint16 rawBps) public {
        uint96 amount = uint96(bound(rawAmount, 1, 1e27));
        uint16 bps = _fuzzBps(rawBps);
        uint256 stake = (uint256(amount) * (bps == 0 ? 1000 : bps)) / 10_000;
        vm.deal(requester, amount);
        vm.deal(agent, stake);
        ITaskEscrow.TaskParams memory p = _params();
        p.amount = amount;
        p.stakeBps = bps;
        uint256 taskId = _create(p);
        _claimAs(agent, taskId);
        vm.warp(uint256(p.deadline) + 1);

        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;
        escrow.expire(taskId);
        uint256 toTreasury = (stake * 1000) / 10_000;
        assertEq(treasury.balance, treasuryBefore + toTreasury);
        assertEq(requester.balance, requesterBefore + amount + stake - toTreasury);
        assertEq(address(escrow).balance, 0);
        assertEq(agent.balance, 0);
    }

    function testFuzz_tokenBounty_roundTrip(uint96 rawAmount) public {
        uint96 amount = uint96(bound(rawAmount, 1, 1e27));
        token.mint(requester, amount);
        uint256 stake = amount / 10;
        token.mint(agent, stake);
        uint256 taskId = _createToken(amount);
        assertEq(escrow.getTask(taskId).bounty, amount);
        assertEq(escrow.stakeOf(taskId), stake);
        uint256 before = token.balanceOf(agent);
        _claimAs(agent, taskId);
        assertEq(token.balanceOf(agent), before - stake);
        _submit(agent, taskId);
        vm.prank(requester);
        escrow.accept(taskId);
        assertEq(token.balanceOf(agent), before + amount);
        assertEq(token.balanceOf(address(escrow)), 0);
        assertEq(karma.earned(agent, address(token)), amount);
    }

    function testFuzz_claim_onlyBeforeDeadline(uint32 rawWait) public {
        uint256 taskId = _createNative();
        uint40 deadline = escrow.getTask(taskId).deadline;
        uint256 wait = bound(rawWait, 0, 2 days);
        vm.warp(block.timestamp + wait);
        if (block.timestamp < deadline) {
            _claimAs(agent, taskId);
            assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Claimed));
        } else {
            _claimReverts(
                agent,
                taskId,
                STAKE,
                abi.encodeWithSelector(ITaskEscrow.TaskEscrowDeadlinePassed.selector, taskId, deadline)
            );
        }
    }

    function testFuzz_submitOrExpire_acrossDeadline(uint32 rawWait) public {
        uint256 taskId = _claimed();
        uint40 deadline = escrow.getTask(taskId).deadline;
        uint256 wait = bound(rawWait, 0, 2 days);
        vm.warp(block.timestamp + wait);
        if (block.timestamp <= deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(ITaskEscrow.TaskEscrowDeadlineNotReached.selector, taskId, deadline)
            );
            escrow.expire(taskId);
            _submit(agent, taskId);
            // Once submitted, the task can no longer expire, even after the deadline.
            vm.warp(uint256(deadline) + 1);
            vm.expectRevert(_wrongState(taskId, ITaskEscrow.TaskState.Submitted, ITaskEscrow.TaskState.Claimed));
            escrow.expire(taskId);
        } else {
            vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowDeadlinePassed.selector, taskId, deadline));
            _submit(agent, taskId);
            escrow.expire(taskId);
            assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Expired));
        }
    }

    function testFuzz_finalize_onlyAfterReviewWindow(uint32 rawSubmitDelay, uint32 rawWait, uint24 rawReview) public {
        uint32 review = uint32(bound(rawReview, 60, 720)) * 60; // whole minutes, 1 hour to 30 days
        ITaskEscrow.TaskParams memory p = _params();
        p.reviewWindow = review;
        uint256 taskId = _create(p);
        _claimAs(agent, taskId);
        vm.warp(block.timestamp + bound(rawSubmitDelay, 0, 1 days));
        _submit(agent, taskId);
        uint256 closesAt = block.timestamp + review;
        vm.warp(block.timestamp + bound(rawWait, 0, uint256(review) * 2));
        if (block.timestamp > closesAt) {
            escrow.finalize(taskId);
            assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
        } else {
            vm.expectRevert(abi.encodeWithSelector(ITaskEscrow.TaskEscrowReviewWindowOpen.selector, taskId, closesAt));
            escrow.finalize(taskId);
            vm.prank(requester);
            escrow.accept(taskId);
            assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
        }
    }

    function testFuzz_dispute_onlyWithinReviewWindow(uint32 rawSubmitDelay, uint32 rawWait) public {
        uint256 taskId = _claimed();
        vm.warp(block.timestamp + bound(rawSubmitDelay, 0, 1 days));
        _submit(agent, taskId);
        uint256 closesAt = block.timestamp + REVIEW;
        vm.warp(block.timestamp + bound(rawWait, 0, 2 days));
        if (block.timestamp <= closesAt) {
            vm.prank(requester);
            escrow.dispute{value: STAKE}(taskId);
            assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Disputed));
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(ITaskEscrow.TaskEscrowReviewWindowClosed.selector, taskId, closesAt)
            );
            vm.prank(requester);
            escrow.dispute{value: STAKE}(taskId);
            escrow.finalize(taskId);
        }
    }

    function testFuzz_accept_responseScoreFollowsSubmitTime(uint32 rawClaimDelay, uint32 rawSubmitDelay) public {
        uint256 taskId = _createNative();
        ITaskEscrow.TaskView memory t = escrow.getTask(taskId);
        uint256 duration = uint256(t.deadline) - t.createdAt;
        uint256 claimDelay = bound(rawClaimDelay, 0, duration - 1);
        vm.warp(uint256(t.createdAt) + claimDelay);
        _claimAs(agent, taskId);
        uint256 submitDelay = bound(rawSubmitDelay, claimDelay, duration);
        vm.warp(uint256(t.createdAt) + submitDelay);
        _submit(agent, taskId);
        uint64 score = _score(submitDelay, duration);
        assertEq(escrow.getTask(taskId).responseScore, score);
        vm.prank(requester);
        escrow.accept(taskId);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), (uint256(score) * 0.1e18) / WAD);
        assertLe(karma.karmaOf(agent, RESPONSE_TIME), 0.1e18);
    }

    function testFuzz_agentWins_bondSplitAddsUp(uint8 rawJurors, uint96 rawAmount) public {
        uint256 n = bound(rawJurors, 0, 15);
        uint96 amount = uint96(bound(rawAmount, 10, 1e24));
        uint256 stake = uint256(amount) / 10;
        vm.deal(requester, uint256(amount) + stake);
        vm.deal(agent, stake);
        ITaskEscrow.TaskParams memory p = _params();
        p.amount = amount;
        uint256 taskId = _create(p);
        _claimAs(agent, taskId);
        _submit(agent, taskId);
        vm.prank(requester);
        escrow.dispute{value: stake}(taskId);

        address[] memory majority = _majority(n);
        uint256 treasuryBefore = treasury.balance;
        vm.prank(address(jury));
        escrow.executeRuling(taskId, IJury.Ruling.AgentWins, majority);
        uint256 toJurors;
        for (uint256 i; i < n; ++i) {
            toJurors += majority[i].balance;
        }
        uint256 paid = agent.balance + (treasury.balance - treasuryBefore) + toJurors;
        assertEq(paid, uint256(amount) + 2 * stake, "bounty, stake and bond are fully paid out");
        assertEq(address(escrow).balance, 0);
        assertEq(treasury.balance - treasuryBefore + toJurors, (stake * 1000) / 10_000 + (stake * 2000) / 10_000);
    }
}
